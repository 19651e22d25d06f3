import { unrefTimers, type Timers } from './timers';

export interface LatestOnly<T> {
  /** Hands `value` on now if nothing was handed on within the interval, else keeps it for later. */
  push(value: T): void;
  /** Drops a kept value and the timer. */
  close(): void;
}

/**
 * Hands values on at most once per `intervalMs`, always the latest: the first of a burst at once,
 * the last of it when the interval ends, none of those between. For values that each replace the
 * previous one entirely, such as snapshots.
 */
export function latestOnly<T>(
  deliver: (value: T) => void,
  intervalMs: number,
  timers: Timers = unrefTimers,
): LatestOnly<T> {
  let timer: unknown = null;
  let kept: { value: T } | null = null;
  let closed = false;

  function startInterval(): void {
    timer = timers.setTimeout(() => {
      timer = null;
      if (kept === null) return;
      const { value } = kept;
      kept = null;
      deliver(value);
      startInterval();
    }, intervalMs);
  }

  return {
    push(value) {
      if (closed) return;
      if (timer !== null) {
        kept = { value };
        return;
      }
      deliver(value);
      startInterval();
    },
    close() {
      closed = true;
      kept = null;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}
