import { toDisposable, type Disposable } from '../../common/lifecycle';

/** A setTimeout/clearTimeout pair; tests pass a fake one to drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The longest delay setTimeout honours (2^31 - 1 ms, about 24.8 days); beyond it, it fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Real timers that never keep a process alive on their own: for waits that only matter while
 * something else runs (handing on a snapshot, the end of a snooze).
 */
export const unrefTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: realTimers.clearTimeout,
};

/**
 * Calls `callback` once `now()` reaches `dueAt`, however far ahead: a wait longer than MAX_TIMER_MS
 * goes in steps, each checking whether the time has come. Disposing it cancels the wait.
 */
export function timerUntil(
  timers: Timers,
  now: () => number,
  dueAt: number,
  callback: () => void,
): Disposable {
  let handle: unknown = null;
  let done = false;
  const arm = (): void => {
    handle = timers.setTimeout(
      () => {
        if (done) return;
        if (dueAt > now()) return arm();
        done = true;
        callback();
      },
      Math.min(Math.max(0, dueAt - now()), MAX_TIMER_MS),
    );
  };
  arm();
  return toDisposable(() => {
    done = true;
    timers.clearTimeout(handle);
  });
}
