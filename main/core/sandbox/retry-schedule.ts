/**
 * Calypso's retry gaps in seconds ("Webhooks / Overview"): 30 s times the Fibonacci numbers, 19
 * retries, the last about 91 hours after the first failure; then the event is dropped.
 */
export const RETRY_GAPS_S = [
  30, 30, 60, 90, 150, 240, 390, 630, 1_020, 1_650, 2_670, 4_320, 6_990, 11_310, 18_300, 29_610, 47_910,
  77_520, 125_430,
] as const;

export const RETRY_COUNT = RETRY_GAPS_S.length;

/**
 * The wait before retry number `retry` (1-based) of a failed delivery, divided by `timeScale`, or
 * null when that retry is past the schedule (the event is dropped).
 */
export function retryGapMs(retry: number, timeScale: number): number | null {
  const gap = RETRY_GAPS_S[retry - 1];
  return gap === undefined ? null : (gap * 1000) / timeScale;
}

/**
 * Only 200 counts as delivered (the docs: "We expect to receive a 200 OK"); `accept2xx` relaxes
 * that to any 2xx. Returns why an answer failed, or null when it counts as delivered.
 */
export function failureReason(
  status: number | null,
  error: string | null,
  accept2xx: boolean,
): string | null {
  if (status === null) return error ?? 'no answer';
  if (status === 200 || (accept2xx && status >= 200 && status < 300)) return null;
  if (status >= 200 && status < 300) {
    return `answered ${status}; Calypso counts only 200 OK as delivered (--accept-2xx relaxes this)`;
  }
  return `answered ${status}`;
}
