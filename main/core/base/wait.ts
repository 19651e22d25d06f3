import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Ends the wait early. */
  signal?: AbortSignal | undefined;
  /** False: the wait does not keep the process alive on its own (default true). */
  ref?: boolean;
}

/**
 * Waits `ms` unless `signal` aborts first: resolves true after the whole wait, false when it was
 * cut short (also when the signal was aborted already). Never rejects for the abort.
 */
export async function waitUnlessAborted(ms: number, options: WaitOptions = {}): Promise<boolean> {
  const { signal, ref = true } = options;
  const aborted = (): boolean => signal?.aborted === true;
  if (aborted()) return false;
  try {
    await sleep(ms, undefined, signal === undefined ? { ref } : { signal, ref });
    return true;
  } catch (error) {
    if (aborted()) return false;
    throw error;
  }
}
