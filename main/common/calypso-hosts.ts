/** Production hosts of the Calypso Pay API; the built-in sandbox is a third choice. */
export const CALYPSO_BASE_URLS = ['https://api.calypso.finance', 'https://api.calypso.money'] as const;

export const DEFAULT_BASE_URL = CALYPSO_BASE_URLS[0];
