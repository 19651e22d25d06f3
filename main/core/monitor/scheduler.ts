import type { ErrorInfo } from '../../common/errors';
import type { Disposable } from '../../common/lifecycle';
import { timerUntil, type Timers } from '../base';

export interface SchedulerOptions {
  timers: Timers;
  now: () => number;
  /** A number in [0, 1) for backoff jitter. */
  random: () => number;
  normalMs: number;
  fastMs: number;
  maxBackoffMs: number;
  maxRetryAfterMs: number;
  /** A profile's poll is due. */
  onDue: (profileId: string) => void;
  /** Whether a profile has a poll queued or running (its end schedules the next one). */
  isPolling: (profileId: string) => boolean;
  /** A pause with an end reached it. */
  onPauseEnd: () => void;
}

/** How a poll ended, as far as its schedule is concerned. */
export interface PollEnd {
  startedAt: number;
  /** A channel is failing: the fast interval applies. */
  failing: boolean;
  error: ErrorInfo | null;
}

interface Slot {
  profileId: string;
  timer: Disposable | null;
  nextPollAt: number | null;
  lastStartAt: number | null;
  failing: boolean;
  /** Failed polls in a row of any retried kind (429 included): the exponent of the backoff. */
  backoffFailures: number;
  /** Waiting on a backoff or Retry-After delay rather than a regular interval. */
  backingOff: boolean;
  /** Refused credentials stop polling until they change or someone asks for a check. */
  authStopped: boolean;
  /** While paused: when the backoff or Retry-After wait ends, which a resume keeps (null: none). */
  dueAfterPause: number | null;
}

/**
 * When each profile is polled, measured from the start of its previous poll:
 * - success: the fast interval while a channel is failing (it may be blocked soon), else the normal one;
 * - network, timeout, 5xx or unreadable answer: exponential backoff from the current interval,
 *   doubling per failure in a row, at a random point in the upper half, capped;
 * - 429: the server's Retry-After, else the backoff;
 * - auth failure: no more polls until credentials change or a check is asked for.
 */
export class PollScheduler {
  readonly #options: SchedulerOptions;
  readonly #slots = new Map<string, Slot>();
  #normalMs: number;
  #fastMs: number;
  #started = false;
  #stopped = false;
  #paused = false;
  #pausedUntil: number | null = null;
  #pauseTimer: Disposable | null = null;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#normalMs = options.normalMs;
    this.#fastMs = options.fastMs;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** When a pause ends on its own (null: not paused, or until resume). */
  get pausedUntil(): number | null {
    return this.#paused ? this.#pausedUntil : null;
  }

  nextPollAt(profileId: string): number | null {
    return this.#slots.get(profileId)?.nextPollAt ?? null;
  }

  /** Schedules every profile now; idempotent. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    if (!this.#paused) for (const slot of this.#slots.values()) this.#schedule(slot, 0);
  }

  stop(): void {
    this.#stopped = true;
    this.#clearPauseTimer();
    for (const slot of this.#slots.values()) this.#clearTimer(slot);
  }

  /** A new profile: due now. */
  add(profileId: string): void {
    const slot: Slot = {
      profileId,
      timer: null,
      nextPollAt: null,
      lastStartAt: null,
      failing: false,
      backoffFailures: 0,
      backingOff: false,
      authStopped: false,
      dueAfterPause: null,
    };
    this.#slots.set(profileId, slot);
    this.#schedule(slot, 0);
  }

  remove(profileId: string): void {
    const slot = this.#slots.get(profileId);
    if (slot !== undefined) this.#clearTimer(slot);
    this.#slots.delete(profileId);
  }

  /** New credentials: any auth stop and backoff are over, and the profile is due now. */
  renew(profileId: string): void {
    const slot = this.#slots.get(profileId);
    if (slot === undefined) return;
    slot.authStopped = false;
    slot.backingOff = false;
    slot.backoffFailures = 0;
    this.#schedule(slot, 0);
  }

  /** A check was asked for: an auth stop no longer holds (the poll's end decides again). */
  lift(profileId: string): void {
    const slot = this.#slots.get(profileId);
    if (slot !== undefined) slot.authStopped = false;
  }

  /** A poll starts: its pending timer has nothing left to do. */
  pollStarting(profileId: string): void {
    const slot = this.#slots.get(profileId);
    if (slot !== undefined) this.#clearTimer(slot);
  }

  /** Schedules the poll after the one that ended. */
  pollEnded(profileId: string, end: PollEnd): void {
    const slot = this.#slots.get(profileId);
    if (slot === undefined) return;
    slot.lastStartAt = end.startedAt;
    slot.failing = end.failing;
    const { error } = end;
    if (error === null) {
      slot.backoffFailures = 0;
      slot.authStopped = false;
      slot.backingOff = false;
      this.#schedule(slot, end.startedAt + this.#interval(slot) - this.#options.now());
      return;
    }
    if (error.kind === 'auth') {
      slot.authStopped = true;
      slot.backoffFailures = 0;
      return;
    }
    slot.backoffFailures += 1;
    slot.backingOff = true;
    const retryAfter = error.kind === 'rate-limit' ? error.retryAfterMs : undefined;
    if (retryAfter !== undefined && retryAfter > 0) {
      this.#schedule(slot, Math.min(retryAfter, this.#options.maxRetryAfterMs));
    } else {
      this.#schedule(slot, this.#backoffDelay(slot));
    }
  }

  /** Stops scheduled polls until `untilMs` (null: until `resume()`); backoff waits are kept for then. */
  pause(untilMs: number | null): void {
    this.#clearPauseTimer();
    this.#paused = true;
    this.#pausedUntil = untilMs;
    for (const slot of this.#slots.values()) {
      // Only a pending timer says what the profile waits on: a second pause keeps what the first kept.
      if (slot.timer !== null) slot.dueAfterPause = slot.backingOff ? slot.nextPollAt : null;
      this.#clearTimer(slot);
    }
    if (untilMs !== null) {
      this.#pauseTimer = timerUntil(this.#options.timers, this.#options.now, untilMs, () => {
        this.#pauseTimer = null;
        this.#options.onPauseEnd();
      });
    }
  }

  /** Ends a pause: a backoff or Retry-After wait keeps its due time, others are due now. False if not paused. */
  resume(): boolean {
    this.#clearPauseTimer();
    if (!this.#paused) return false;
    this.#paused = false;
    this.#pausedUntil = null;
    const at = this.#options.now();
    for (const slot of this.#slots.values()) {
      const due = slot.dueAfterPause;
      slot.dueAfterPause = null;
      if (!this.#options.isPolling(slot.profileId)) {
        this.#schedule(slot, due === null ? 0 : Math.max(0, due - at));
      }
    }
    return true;
  }

  /** New intervals; profiles waiting on a regular interval are rescheduled. */
  setIntervals(intervals: { normalMs?: number; fastMs?: number }): void {
    this.#normalMs = intervals.normalMs ?? this.#normalMs;
    this.#fastMs = intervals.fastMs ?? this.#fastMs;
    const at = this.#options.now();
    for (const slot of this.#slots.values()) {
      if (slot.timer === null || slot.backingOff || slot.lastStartAt === null) continue;
      // A poll due now (a new profile, new credentials, a resume) is not waiting on an interval.
      if (slot.nextPollAt !== null && slot.nextPollAt <= at) continue;
      this.#schedule(slot, slot.lastStartAt + this.#interval(slot) - at);
    }
  }

  #interval(slot: Slot): number {
    return slot.failing ? this.#fastMs : this.#normalMs;
  }

  #backoffDelay(slot: Slot): number {
    const exponent = Math.min(Math.max(slot.backoffFailures - 1, 0), 30);
    const ceiling = Math.min(this.#options.maxBackoffMs, this.#interval(slot) * 2 ** exponent);
    return ceiling / 2 + this.#options.random() * (ceiling / 2);
  }

  #schedule(slot: Slot, delayMs: number): void {
    this.#clearTimer(slot);
    const { now, timers, onDue } = this.#options;
    if (!this.#started || this.#stopped || this.#paused || slot.authStopped) {
      // A poll that ends during a pause sets no timer, but the resume must honour the wait it asked for.
      if (this.#paused) slot.dueAfterPause = slot.backingOff ? now() + Math.max(0, delayMs) : null;
      return;
    }
    const delay = Math.max(0, Math.round(delayMs));
    slot.nextPollAt = now() + delay;
    slot.timer = timerUntil(timers, now, slot.nextPollAt, () => {
      slot.timer = null;
      onDue(slot.profileId);
    });
  }

  #clearTimer(slot: Slot): void {
    slot.timer?.dispose();
    slot.timer = null;
    slot.nextPollAt = null;
  }

  #clearPauseTimer(): void {
    this.#pauseTimer?.dispose();
    this.#pauseTimer = null;
  }
}
