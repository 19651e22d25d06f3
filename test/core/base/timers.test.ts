import { describe, expect, it } from 'vitest';
import { timerUntil, unrefTimers } from '../../../main/core/base/timers';
import { FakeTime } from '../monitor/fake-time';

const DAY = 24 * 60 * 60 * 1000;

describe('unrefTimers', () => {
  it('fires, but never keeps the process alive on its own', async () => {
    let fired = false;
    const handle = unrefTimers.setTimeout(() => (fired = true), 1) as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toBe(true);

    const cleared = unrefTimers.setTimeout(() => (fired = false), 1);
    unrefTimers.clearTimeout(cleared);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toBe(true);
  });
});

describe('timerUntil', () => {
  it('waits until its time however far ahead, beyond what one timer can wait', async () => {
    // A fake clock that, as Node does, fires at once a timer longer than 2^31 - 1 ms.
    const time = new FakeTime();
    const start = time.now();
    let firedAt: number | null = null;
    timerUntil(time, time.now, start + 60 * DAY, () => (firedAt = time.now()));
    await time.advance(59 * DAY);
    expect(firedAt).toBeNull();
    await time.advance(DAY);
    expect(firedAt).toBe(start + 60 * DAY);
    expect(time.pending).toBe(0);
  });

  it('fires once, and not at all once disposed', async () => {
    const time = new FakeTime();
    let fired = 0;
    timerUntil(time, time.now, time.now() + 1000, () => (fired += 1));
    const cancelled = timerUntil(time, time.now, time.now() + 1000, () => (fired += 100));
    cancelled.dispose();
    expect(time.pending).toBe(1);
    await time.advance(5000);
    expect(fired).toBe(1);
  });

  it('fires at once for a time already past', async () => {
    const time = new FakeTime();
    let fired = false;
    timerUntil(time, time.now, time.now() - 1000, () => (fired = true));
    await time.advance(0);
    expect(fired).toBe(true);
  });
});
