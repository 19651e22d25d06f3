import type { Timers } from '../../../main/core/base/timers';

interface Pending {
  at: number;
  callback: () => void;
}

/** A clock and timer table that only move when the benchmark says so; I/O stays real. */
export class DrivenTimers implements Timers {
  current = Date.now();
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  readonly now = (): number => this.current;

  setTimeout(callback: () => void, ms: number): unknown {
    this.seq += 1;
    this.pending.set(this.seq, { at: this.current + Math.max(0, ms), callback });
    return this.seq;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves the clock forward and fires the timers due by then (not the ones they set). */
  advance(ms: number): number {
    this.current += ms;
    const due = [...this.pending].filter(([, timer]) => timer.at <= this.current);
    for (const [handle] of due) this.pending.delete(handle);
    for (const [, timer] of due) timer.callback();
    return due.length;
  }
}
