/** The `.money` API spec constrains account ids to this shape; `.finance` says only "string". */
const ACCOUNT_PATTERN = /^0x[0-9a-fA-F]{40}$/;

/** A non-blocking hint for an account id that does not look like Calypso's usual format, or null. */
export function accountIdWarning(account: string): string | null {
  const value = account.trim();
  if (value === '' || ACCOUNT_PATTERN.test(value)) return null;
  return 'Calypso account ids usually look like 0x followed by 40 hex characters. Check it, or save anyway if yours differs.';
}
