// Every cause sentence, in one place: the failing notification and the channel screen show these.

/** "less than a minute", "1 minute", "3 minutes". */
export function describeMinutes(ms: number): string {
  if (ms < 60_000) return 'less than a minute';
  const minutes = Math.round(ms / 60_000);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

const OLD_SECRET = 'your receiver probably still verifies with the old secret key';
const NEW_ADDRESS = 'check that the new address accepts POSTs and verifies signatures';
const SEEN_ONLY = '(seen by Webhook Tray, not made here)';

export interface CauseFacts {
  change: 'keys' | 'url';
  madeHere: boolean;
  /** From the change to the first failure. */
  leadMs: number;
  previousUrl?: string | undefined;
  url?: string | undefined;
}

/** The sentence for a cause: what changed, when, and what the merchant should check. */
export function describeCause(facts: CauseFacts): string {
  const lead = describeMinutes(facts.leadMs);
  if (facts.change === 'keys') {
    return facts.madeHere
      ? `Failures began ${lead} after the keys were regenerated: ${OLD_SECRET}.`
      : `The keys changed ${lead} before failures began ${SEEN_ONLY}: ${OLD_SECRET}.`;
  }
  const from = facts.previousUrl === undefined ? '' : `from ${facts.previousUrl} `;
  const to = `to ${facts.url ?? 'a new address'}`;
  return facts.madeHere
    ? `Failures began ${lead} after the URL was changed ${from}${to}: ${NEW_ADDRESS}.`
    : `The URL changed ${from}${to} ${lead} before failures began ${SEEN_ONLY}: ${NEW_ADDRESS}.`;
}
