/**
 * The only places the app may open in the merchant's browser: the Calypso dashboards (where a
 * blocked webhook is unblocked) and the API docs. Kept in one list, used by the window's link
 * guard and by the open-dashboard handler.
 */
export const EXTERNAL_URL_ALLOWLIST = [
  'https://dashboard.calypso.finance',
  'https://dashboard.calypso.money',
  'https://docs.calypso.finance',
  'https://docs.calypso.money',
] as const;

export const DEFAULT_DASHBOARD_URL = EXTERNAL_URL_ALLOWLIST[0];

/**
 * True only for an https URL whose origin is on the allowlist, with no credentials in it.
 * Comparing parsed origins (not string prefixes) rejects look-alikes such as
 * `https://dashboard.calypso.finance.evil.example`.
 */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  return (EXTERNAL_URL_ALLOWLIST as readonly string[]).includes(parsed.origin);
}

/** The dashboard that belongs to an API base URL: `.money` accounts use the `.money` dashboard. */
export function dashboardUrlFor(baseUrl: string | null): string {
  if (baseUrl === null) return DEFAULT_DASHBOARD_URL;
  try {
    return new URL(baseUrl).hostname.endsWith('calypso.money')
      ? 'https://dashboard.calypso.money'
      : DEFAULT_DASHBOARD_URL;
  } catch {
    return DEFAULT_DASHBOARD_URL;
  }
}
