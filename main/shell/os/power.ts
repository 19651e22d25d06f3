import type { Net, PowerMonitor } from 'electron';

export interface WakeWatchOptions {
  powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener'>;
  net: Pick<Net, 'isOnline'>;
  /** Runs a check of every profile now. */
  checkNow: () => void;
  /** How often to look at the network state (Electron has no online event in main). */
  networkPollMs?: number;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/**
 * After sleep the last snapshot is stale, and after a network outage every profile looked
 * unreachable: both are moments to check at once rather than wait for the next poll.
 * Returns the function that stops watching.
 */
export function watchWakeAndNetwork(options: WakeWatchOptions): () => void {
  const setTimer = options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
  const clearTimer =
    options.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
  const onResume = () => options.checkNow();
  options.powerMonitor.on('resume', onResume);

  let online = options.net.isOnline();
  const handle = setTimer(() => {
    const now = options.net.isOnline();
    if (now && !online) options.checkNow();
    online = now;
  }, options.networkPollMs ?? 10_000);

  return () => {
    options.powerMonitor.removeListener('resume', onResume);
    clearTimer(handle);
  };
}
