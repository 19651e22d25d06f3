/**
 * What regenerating the webhook keys does, in the words the CLI, the window and the tray all use.
 * INFERRED scope: the call takes no subscription id (its documented body is `{timestamp}`), so it is
 * read as acting on every subscription of the account, as the sandbox does.
 */
export const REGENERATE_SCOPE =
  'The call names no subscription: it gives every webhook subscription of this account a new signing key pair (publicKey and secretKey).';

/** The consequence a merchant must weigh before confirming. */
export const REGENERATE_RISK =
  'Receivers still verifying with the old secretKey will reject deliveries until you update them, and Calypso blocks a subscription after more than 100 failed deliveries within 10 minutes.';

/**
 * The warning when the keys changed but the list that shows them could not be read; `howToSee` says,
 * in the surface's terms, how to read them again.
 */
export function regeneratedListFailed(reason: string, howToSee: string): string {
  return `The keys were regenerated, but the list with the new keys could not be read (${reason}). ${howToSee} to see them; do not regenerate again, or the keys change once more.`;
}
