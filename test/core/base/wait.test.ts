import { describe, expect, it } from 'vitest';
import { waitUnlessAborted } from '../../../main/core/base/wait';

describe('waitUnlessAborted', () => {
  it('resolves true after the whole wait', async () => {
    const started = performance.now();
    await expect(waitUnlessAborted(30)).resolves.toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('resolves false as soon as the signal aborts, without waiting the rest', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = waitUnlessAborted(60_000, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(waiting).resolves.toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('resolves false at once for a signal already aborted', async () => {
    await expect(waitUnlessAborted(60_000, { signal: AbortSignal.abort() })).resolves.toBe(false);
  });

  it('with ref false, does not keep the process alive; by default it does', async () => {
    const timeouts = (): number =>
      process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
    const before = timeouts();
    const controller = new AbortController();
    const unref = waitUnlessAborted(60_000, { signal: controller.signal, ref: false });
    expect(timeouts()).toBe(before);
    const kept = waitUnlessAborted(60_000, { signal: controller.signal });
    expect(timeouts()).toBe(before + 1);
    controller.abort();
    await expect(Promise.all([unref, kept])).resolves.toEqual([false, false]);
  });
});
