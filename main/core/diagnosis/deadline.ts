import { AppError } from '../../common/errors';

/** The one time budget of a diagnosis, shared by its steps, and the caller's abort signal. */
export interface Deadline {
  /** Aborts when the budget runs out or the caller aborts. */
  readonly signal: AbortSignal;
  readonly budgetMs: number;
  /** True once the budget has run out (rather than the caller aborting). */
  expired(): boolean;
  /** Throws the `cancelled` error when the caller aborted. */
  throwIfCancelled(): void;
  dispose(): void;
}

export function startDeadline(budgetMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error('diagnosis: budget spent'));
  }, budgetMs);
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted === true) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    budgetMs,
    expired: () => expired,
    throwIfCancelled() {
      if (outer?.aborted === true) throw new AppError('cancelled', 'The diagnosis was stopped.');
    },
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

/** Settles as `promise` does, or rejects when `signal` aborts first (then `onAbort` cleans up). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    if (signal.aborted) {
      abort();
      return;
    }
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Milliseconds since `start` (from `performance.now()`), whole. */
export function elapsedMs(start: number): number {
  return Math.round(performance.now() - start);
}
