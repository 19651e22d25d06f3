/** Calypso retries a failed event 19 times; the gaps are 30 s times the Fibonacci numbers. */
export const RETRY_COUNT = 19;
const RETRY_UNIT_MS = 30_000;

function fibonacci(count: number): number[] {
  const numbers: number[] = [];
  for (let i = 0; i < count; i++) numbers.push(i < 2 ? 1 : numbers[i - 1]! + numbers[i - 2]!);
  return numbers;
}

/** The gaps between a failure and its retries, in order: 30 s, 30 s, 60 s, 90 s... */
export const RETRY_GAPS_MS: readonly number[] = fibonacci(RETRY_COUNT).map((n) => n * RETRY_UNIT_MS);

/** From an event's first failure to its last retry, after which Calypso drops it. */
export const EVENT_LIFETIME_MS = RETRY_GAPS_MS.reduce((sum, gap) => sum + gap, 0);

/** A failure run older than this escalates: it is on its way to losing events. */
export const LONG_FAILURE_MS = 24 * 60 * 60_000;

/**
 * When a run that began at `errorFirstDate` starts losing events: its first event is dropped after
 * its last retry (INFERRED: the run's first failure is an event's first attempt).
 */
export function eventLossAt(errorFirstDate: string | null): string | null {
  if (errorFirstDate === null) return null;
  const first = Date.parse(errorFirstDate);
  if (Number.isNaN(first)) return null;
  return new Date(first + EVENT_LIFETIME_MS).toISOString();
}

/** Whether a run that began at `errorFirstDate` has failed for longer than LONG_FAILURE_MS at `now`. */
export function isLongFailure(errorFirstDate: string | null, now: number): boolean {
  if (errorFirstDate === null) return false;
  const first = Date.parse(errorFirstDate);
  return !Number.isNaN(first) && now - first > LONG_FAILURE_MS;
}
