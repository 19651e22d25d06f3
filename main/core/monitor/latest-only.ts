import { unrefTimers, type MonitorTimers } from './monitor';

export interface LatestOnly<T> {
  /** Hands `value` on now if nothing was handed on within the interval, else keeps it for later. */
  push(value: T): void;
  /** Drops a kept value and the timer. */
  close(): void;
}

/**
 * Hands values on at most once per `intervalMs`, always the latest: the first of a burst at once,
 * the last of it when the interval ends, none of those between (each superseded by the next).
 * For snapshots, each of which describes everything: a poll cycle over many profiles produces one
 * per poll, and redrawing the tray menu and sending the window all channels for each one is work
 * that only the last of a burst needs.
 */
export function latestOnly<T>(
  deliver: (value: T) => void,
  intervalMs: number,
  timers: MonitorTimers = unrefTimers,
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
