/** The `.money` API spec constrains account ids to this shape; the `.finance` docs say only "string". */
export const ACCOUNT_ID_PATTERN = /^0x[0-9a-fA-F]{40}$/;

/** Whether `account` has the usual form; other forms may be valid, so callers warn, never refuse. */
export function looksLikeAccountId(account: string): boolean {
  return ACCOUNT_ID_PATTERN.test(account.trim());
}
