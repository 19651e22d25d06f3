import { looksLikeAccountId } from '../../../main/common/account-id';

/** A non-blocking hint for an account id that does not look like Calypso's usual format, or null. */
export function accountIdWarning(account: string): string | null {
  const value = account.trim();
  if (value === '' || looksLikeAccountId(value)) return null;
  return 'Calypso account ids usually look like 0x followed by 40 hex characters. Check it, or save anyway if yours differs.';
}
