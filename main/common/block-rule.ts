/**
 * Calypso's blocking rule (CONFIRMED, "Webhooks / Overview"): blocked when, within `windowMs`, more
 * than `blockAfter` deliveries fail and none succeeds. Retries count.
 */
export interface BlockRule {
  blockAfter: number;
  windowMs: number;
}

export const CALYPSO_BLOCK_RULE: Readonly<BlockRule> = { blockAfter: 100, windowMs: 10 * 60_000 };

/** The failures that must fall within one window for the rule to be met. */
export function failuresThatBlock(rule: BlockRule): number {
  return rule.blockAfter + 1;
}

/** "more than 100 failed deliveries within 10 minutes", for messages. */
export function describeRule(rule: BlockRule): string {
  const minutes = rule.windowMs / 60_000;
  const window = !Number.isInteger(minutes)
    ? `${rule.windowMs / 1000} seconds`
    : minutes === 1
      ? '1 minute'
      : `${minutes} minutes`;
  return `more than ${rule.blockAfter} failed deliveries within ${window}`;
}
