import type { Timers } from '../../../main/core/base/timers';

// Node's own limit, written out here so the fake does not take it from the code it checks.
const MAX_TIMER_MS = 2 ** 31 - 1;

interface FakeTimer {
  at: number;
  seq: number;
  callback: () => void;
}

/** Lets promises and the monitor's poll queue settle between timer callbacks. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A clock and timer queue that only moves when a test says so. */
export class FakeTime implements Timers {
  current: number;
  private seq = 0;
  private readonly timers = new Map<number, FakeTimer>();

  constructor(start = Date.UTC(2025, 0, 1, 12, 0, 0)) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  setTimeout(callback: () => void, ms: number): unknown {
    this.seq += 1;
    // As Node does: a delay beyond 2^31 - 1 ms (about 24.8 days) becomes 1 ms.
    const delay = ms > MAX_TIMER_MS ? 1 : Math.max(0, ms);
    this.timers.set(this.seq, { at: this.current + delay, seq: this.seq, callback });
    return this.seq;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      let next: FakeTimer | undefined;
      for (const timer of this.timers.values()) {
        if (
          timer.at <= target &&
          (next === undefined || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq))
        ) {
          next = timer;
        }
      }
      if (next === undefined) break;
      this.timers.delete(next.seq);
      this.current = Math.max(this.current, next.at);
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }
}
