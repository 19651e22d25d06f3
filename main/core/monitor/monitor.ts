import fastq from 'fastq';
import type { CalypsoApi, ListUpdate } from '../api/calypso-api';
import { AppError, toAppError } from '../../common/errors';
import type { ErrorInfo } from '../../common/errors';
import { profileStateOf, worstState } from './classify';
import { diffObservations, fingerprintSecrets, observeChannels, sameAsViews } from './diff';
import type { ProfileObservation } from './diff';
import type {
  ChannelView,
  MonitorEvent,
  MonitorSnapshot,
  MonitorUpdate,
  ProfileSnapshot,
  ProfileState,
} from './types';

/** A setTimeout/clearTimeout pair; tests pass a fake one to drive time. */
export interface MonitorTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Real timers that never keep a process alive on their own: for waits that only matter while
 * something else runs (handing on a snapshot, the end of a snooze).
 */
export const unrefTimers: MonitorTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One merchant account to watch. A new `client` object means new credentials. */
export interface MonitorTarget {
  profileId: string;
  profileName: string;
  client: CalypsoApi;
}

export interface MonitorOptions {
  targets?: readonly MonitorTarget[];
  /** Poll interval while every channel is healthy (default 60 s). */
  normalIntervalMs?: number;
  /** Poll interval while a channel of the profile is failing (default 15 s). */
  fastIntervalMs?: number;
  /** Upper bound of the backoff after network, timeout and server errors (default 5 min). */
  maxBackoffMs?: number;
  /** Upper bound of a Retry-After wait (default 1 h), against absurd server values. */
  maxRetryAfterMs?: number;
  /** Polls running at once across all profiles (default 4). */
  concurrency?: number;
  /** A poll that takes longer fails with kind `timeout` (default 30 s). */
  pollTimeoutMs?: number;
  timers?: MonitorTimers;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** A number in [0, 1) for backoff jitter (default Math.random). */
  random?: () => number;
  /** Receives log lines (prefixed `monitor:`); they never carry secrets. */
  log?: (line: string) => void;
}

export interface Monitor {
  /** Polls every profile now, then keeps each on its own schedule. Idempotent. */
  start(): void;
  /** Clears every timer, abandons polls in flight and stops notifying listeners. */
  stop(): void;
  /**
   * Polls one profile (or all) now and resolves with the snapshot once those polls are done. Each
   * answer was fetched after the call: a poll already in flight is followed by one more (shared by
   * every caller that arrived meanwhile). It also restarts a profile stopped by an auth failure, and works while paused (the monitor
   * stays paused). Rejects with kind `not-found` for an unknown profile id.
   */
  checkNow(profileId?: string): Promise<MonitorSnapshot>;
  /** Stops scheduled polling until `until` (null: until `resume()`). */
  pause(until: Date | null): MonitorSnapshot;
  /** Ends a pause and polls every profile that is not stopped by an auth failure. */
  resume(): MonitorSnapshot;
  /**
   * Replaces the set of targets. Matching is by profileId: a profile whose `client` changed is
   * treated as having new credentials (auth stop and backoff cleared, polled now); one whose client
   * is the same only takes the new name.
   */
  updateTargets(targets: readonly MonitorTarget[]): void;
  /** Adds or replaces one target, with the same rules as `updateTargets`. */
  upsertTarget(target: MonitorTarget): void;
  removeTarget(profileId: string): void;
  /** Changes the intervals; profiles waiting on a regular interval are rescheduled. */
  setIntervals(intervals: { normalMs?: number; fastMs?: number }): void;
  getSnapshot(): MonitorSnapshot;
  /** Called after every change with its events (possibly none) and the new snapshot. */
  subscribe(listener: (update: MonitorUpdate) => void): () => void;
  /** Called once per event. */
  onEvent(listener: (event: MonitorEvent) => void): () => void;
}

interface ProfileEntry {
  target: MonitorTarget;
  observation: ProfileObservation;
  /** Cached list of views of `observation.channels`. */
  views: ChannelView[];
  /** Whether one of `views` is failing (it picks the fast interval). */
  failing: boolean;
  /** `fingerprintSecrets` of the answer behind `observation.channels`. */
  secretsFingerprint: string | null;
  /** The client's token for that answer: the next poll is told whether its answer is the same. */
  listToken: string | null;
  lastPollAt: number | null;
  lastStartAt: number | null;
  nextPollAt: number | null;
  lastError: ErrorInfo | null;
  /**
   * Network, timeout and server failures in a row: what "unreachable" is about. A 429 neither
   * adds to it nor resets it: the server answered, so it says nothing about reachability either way.
   */
  consecutiveFailures: number;
  /** Failed polls in a row of any retried kind (429 included): the exponent of the backoff. */
  backoffFailures: number;
  /** An auth failure stops polling until credentials change or checkNow(). */
  authStopped: boolean;
  /** True while waiting on a backoff or Retry-After delay rather than a regular interval. */
  backingOff: boolean;
  /**
   * While paused: when the backoff or Retry-After wait the profile is in ends (null: none).
   * `resume()` keeps it, so a pause never cuts short what the server or the backoff asked for.
   */
  dueAfterPause: number | null;
  /** The pending poll's timer, if `hasTimer`. */
  timer: unknown;
  hasTimer: boolean;
  /** Starts the poll the timer was set for (made once per entry, not per poll). */
  fire: () => void;
  inFlight: Promise<void> | null;
  /** The one poll queued behind `inFlight` for checkNow callers who need an answer fetched after their call. */
  followUp: Promise<void> | null;
  /** The controller of the poll in flight, to abandon it. */
  abort: AbortController | null;
  /**
   * The controller polls reuse until one is aborted: creating an AbortController per poll cost
   * 15-20 µs of CPU in a poll's real setting (BENCHMARKS.md, figure 1), more than the diff.
   */
  controller: AbortController | null;
  /** Bumped when credentials change or the profile is removed, so a late answer is dropped. */
  generation: number;
  cached: ProfileSnapshot | null;
  /** Where this profile sits in `published` (valid while `publishedStale` is false). */
  index: number;
}

/** One poll, from its place in the queue to its outcome: `run` settles once the outcome is applied. */
class PollJob {
  readonly run: Promise<void>;
  resolve!: () => void;
  reject!: (error: unknown) => void;

  constructor(
    readonly entry: ProfileEntry,
    /** The entry's generation when the poll was asked for: a later one drops the answer. */
    readonly generation: number,
  ) {
    this.run = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

type PollOutcome =
  { ok: true; update: ListUpdate; startedAt: number } | { ok: false; error: AppError; startedAt: number };

const NO_EVENTS: readonly MonitorEvent[] = Object.freeze([]);

/** The longest delay setTimeout honours (2^31 - 1 ms, about 24.8 days); beyond it, it fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A MonitorUpdate whose snapshot is read through the prototype: no getter closure per update. */
class Update implements MonitorUpdate {
  readonly #getSnapshot: () => MonitorSnapshot;

  constructor(
    readonly profileId: string | null,
    readonly events: readonly MonitorEvent[],
    readonly profile: ProfileSnapshot | null,
    getSnapshot: () => MonitorSnapshot,
  ) {
    this.#getSnapshot = getSnapshot;
  }

  get snapshot(): MonitorSnapshot {
    return this.#getSnapshot();
  }
}

const defaultTimers: MonitorTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Creates the health monitor: it polls each target's subscription list on its own schedule,
 * diffs each answer against the previous one, and hands snapshots and events to listeners.
 *
 * Scheduling, per profile, measured from the start of the previous poll:
 * - success: the fast interval while a channel is failing (it may be blocked within minutes),
 *   else the normal interval;
 * - network, timeout, 5xx or unreadable answer: exponential backoff from the current interval,
 *   doubling per failure in a row, with jitter (a random point in the upper half), capped;
 * - 429: the server's Retry-After, else the backoff (a 429 counts as a failure in a row for the
 *   backoff, but not toward `consecutiveFailures`, which measures unreachability);
 * - auth failure: no more polls until credentials change or `checkNow()`.
 *
 * Memory stays bounded: per profile one observation and one cached snapshot; events are handed
 * out and never kept.
 */
export function createMonitor(options: MonitorOptions = {}): Monitor {
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => undefined);
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60 * 60_000;
  const pollTimeoutMs = options.pollTimeoutMs ?? 30_000;
  let normalMs = options.normalIntervalMs ?? 60_000;
  let fastMs = options.fastIntervalMs ?? 15_000;
  const concurrency = options.concurrency ?? 4;
  // Polls waiting for a slot, and the polls in flight (at most `concurrency`). fastq keeps no promise
  // per waiting poll: a check of every profile holds its jobs and nothing more.
  const queue = fastq<null, PollJob, void>(runJob, concurrency);

  const entries = new Map<string, ProfileEntry>();
  // Replaced, never mutated, on (un)subscribe: an emit iterates the list of that moment without
  // copying it, however listeners (un)subscribe meanwhile.
  let updateListeners: readonly ((update: MonitorUpdate) => void)[] = [];
  let eventListeners: readonly ((event: MonitorEvent) => void)[] = [];
  let started = false;
  let stopped = false;
  let paused = false;
  let pausedUntil: number | null = null;
  let pauseTimer: { handle: unknown } | null = null;
  let snapshotCache: MonitorSnapshot | null = null;
  /**
   * The profiles of the last snapshot built, in `entries` order, and how many of them are in each
   * state. A poll changes one profile, so the next snapshot copies this list and rebuilds only the
   * profiles in `changed`: without it every poll rebuilt every profile and a cycle over n profiles
   * cost O(n²). Adding, removing or pausing rebuilds everything (`publishedStale`).
   */
  let published: ProfileSnapshot[] = [];
  let publishedStale = true;
  const changed = new Set<ProfileEntry>();
  const stateCounts = new Map<ProfileState, number>();

  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

  /** Marks one profile's snapshot out of date, or (without an entry) the list of profiles itself. */
  function invalidate(entry?: ProfileEntry): void {
    if (entry === undefined) publishedStale = true;
    else if (entry.cached !== null) {
      entry.cached = null;
      changed.add(entry);
    }
    snapshotCache = null;
  }

  function currentInterval(entry: ProfileEntry): number {
    return entry.failing ? fastMs : normalMs;
  }

  function clearTimer(entry: ProfileEntry): void {
    if (entry.hasTimer) {
      timers.clearTimeout(entry.timer);
      entry.hasTimer = false;
      entry.timer = null;
    }
    if (entry.nextPollAt !== null) {
      entry.nextPollAt = null;
      invalidate(entry);
    }
  }

  function schedule(entry: ProfileEntry, delayMs: number): void {
    clearTimer(entry);
    if (!started || stopped || paused || entry.authStopped) {
      // A poll that ends during a pause (in flight when it began, or a checkNow) sets no timer, but
      // resume() must still honour the backoff or Retry-After it asked for.
      if (paused) entry.dueAfterPause = entry.backingOff ? now() + Math.max(0, delayMs) : null;
      return;
    }
    const delay = Math.max(0, Math.round(delayMs));
    entry.nextPollAt = now() + delay;
    entry.timer = timers.setTimeout(entry.fire, delay);
    entry.hasTimer = true;
    invalidate(entry);
  }

  function backoffDelay(entry: ProfileEntry): number {
    const exponent = Math.min(Math.max(entry.backoffFailures - 1, 0), 30);
    const ceiling = Math.min(maxBackoffMs, currentInterval(entry) * 2 ** exponent);
    return ceiling / 2 + random() * (ceiling / 2);
  }

  function scheduleAfterPoll(entry: ProfileEntry): void {
    const error = entry.lastError;
    if (error === null) {
      entry.backingOff = false;
      const due = (entry.lastStartAt ?? now()) + currentInterval(entry);
      schedule(entry, due - now());
      return;
    }
    if (error.kind === 'auth') return;
    entry.backingOff = true;
    const retryAfter = error.kind === 'rate-limit' ? error.retryAfterMs : undefined;
    if (retryAfter !== undefined && retryAfter > 0) {
      schedule(entry, Math.min(retryAfter, maxRetryAfterMs));
    } else {
      schedule(entry, backoffDelay(entry));
    }
  }

  /**
   * The queue's worker: one list call, bounded by the poll deadline. When the deadline runs out the
   * call is aborted and the poll ends as a timeout, even if the API never settles. Whichever comes
   * first finishes the job, once.
   */
  function runJob(job: PollJob, done: fastq.done): void {
    const { entry } = job;
    if (!isCurrent(job)) {
      // Dropped without a call (stopped, removed, new credentials). Finished in a microtask: a long
      // run of dropped jobs would otherwise recurse through the queue.
      queueMicrotask(() => finishJob(job, null, done));
      return;
    }
    const startedAt = now();
    const abort =
      entry.controller !== null && !entry.controller.signal.aborted
        ? entry.controller
        : (entry.controller = new AbortController());
    entry.abort = abort;
    let deadline: unknown = null;
    let settled = false;
    const finish = (outcome: PollOutcome) => {
      if (settled) return;
      settled = true;
      if (deadline !== null) timers.clearTimeout(deadline);
      if (entry.abort === abort) entry.abort = null;
      finishJob(job, outcome, done);
    };
    let listing: Promise<ListUpdate>;
    try {
      listing = entry.target.client.listIfChanged(entry.listToken, { signal: abort.signal });
    } catch (error) {
      // Settled like any failed call, in a reaction: finishing here would start the next job from
      // within this one, and a run of such jobs would recurse through the queue.
      listing = Promise.reject(error);
    }
    deadline = timers.setTimeout(() => {
      abort.abort();
      finish({
        ok: false,
        error: new AppError(
          'timeout',
          `Calypso did not answer within ${Math.round(pollTimeoutMs / 1000)} s. The check will be retried.`,
        ),
        startedAt,
      });
    }, pollTimeoutMs);
    listing.then(
      (update) => finish({ ok: true, update, startedAt }),
      (error: unknown) => finish({ ok: false, error: toAppError(error), startedAt }),
    );
  }

  /** Whether a job's answer still counts: not stopped, the profile still there with the same credentials. */
  function isCurrent(job: PollJob): boolean {
    const { entry } = job;
    return !stopped && entries.get(entry.target.profileId) === entry && entry.generation === job.generation;
  }

  /** Applies a job's outcome (unless it no longer counts), settles its poll and frees its slot. */
  function finishJob(job: PollJob, outcome: PollOutcome | null, done: fastq.done): void {
    const { entry } = job;
    try {
      if (outcome !== null && isCurrent(job)) apply(entry, outcome);
      job.resolve();
    } catch (error) {
      job.reject(error);
    } finally {
      if (entry.inFlight === job.run) entry.inFlight = null;
      done(null);
    }
  }

  function apply(entry: ProfileEntry, outcome: PollOutcome): void {
    const at = now();
    const prev = entry.observation;
    entry.lastPollAt = at;
    entry.lastStartAt = outcome.startedAt;
    let next: ProfileObservation;
    if (outcome.ok) {
      const { update } = outcome;
      let channels = prev.channels;
      // The same list as last time (the usual answer), whether the client saw the same bytes or the
      // same channels in other bytes: keep its observation, views and snapshot channels as they are;
      // the diff then has no channel to compare.
      if (update.changed) {
        const secrets = fingerprintSecrets(update.channels);
        if (
          channels === null ||
          secrets !== entry.secretsFingerprint ||
          !sameAsViews(update.channels, entry.views)
        ) {
          const observed = observeChannels(update.channels);
          channels = observed;
          entry.views = Array.from(observed.values(), (channel) => channel.view);
          entry.failing = entry.views.some((view) => view.health === 'failing');
          entry.secretsFingerprint = secrets;
        }
      }
      // Unchanged needs a list seen before: the token given was this entry's, set below with it.
      if (channels === null) entry.listToken = null;
      else if (update.changed) entry.listToken = update.token;
      // The usual poll leaves the observation as it was: keep the object, which is then not one more
      // to carry from poll to poll.
      next =
        prev.status === 'ok' && prev.error === null && prev.channels === channels
          ? prev
          : { profileId: prev.profileId, status: 'ok', error: null, channels };
      entry.lastError = null;
      entry.consecutiveFailures = 0;
      entry.backoffFailures = 0;
      entry.authStopped = false;
    } else {
      const info = outcome.error.toInfo();
      entry.lastError = info;
      if (info.kind === 'auth') {
        next = { ...prev, status: 'auth-error', error: info };
        entry.authStopped = true;
        entry.consecutiveFailures = 0;
        entry.backoffFailures = 0;
        log(`monitor: ${prev.profileId}: credentials refused, polling stopped until they change`);
      } else if (info.kind === 'rate-limit') {
        next = { ...prev, error: info };
        entry.backoffFailures += 1;
      } else {
        next = { ...prev, status: 'unreachable', error: info };
        entry.consecutiveFailures += 1;
        entry.backoffFailures += 1;
        log(`monitor: ${prev.profileId}: poll failed (${info.kind}), ${entry.consecutiveFailures} in a row`);
      }
    }
    // The usual poll (same status, same list) has nothing to report: skip the diff and its timestamp.
    const events =
      prev.status === next.status && prev.channels === next.channels
        ? NO_EVENTS
        : diffObservations(prev, next, new Date(at).toISOString());
    entry.observation = next;
    invalidate(entry);
    scheduleAfterPoll(entry);
    emit(entry, events);
  }

  function poll(entry: ProfileEntry): Promise<void> {
    if (entry.inFlight !== null) return entry.inFlight;
    clearTimer(entry);
    const job = new PollJob(entry, entry.generation);
    entry.inFlight = job.run;
    queue.push(job);
    return job.run;
  }

  /**
   * A poll that starts after this call: the answer of a poll already in flight may predate a
   * change the caller just made (a channel created, changed, deleted). Callers arriving while one
   * is in flight share a single follow-up poll, started as soon as the in-flight one ends.
   */
  function freshPoll(entry: ProfileEntry): Promise<void> {
    const inFlight = entry.inFlight;
    if (inFlight === null) return poll(entry);
    if (entry.followUp !== null) return entry.followUp;
    // Cleared once the in-flight poll ends, whatever its outcome: a follow-up left behind would hand
    // a later caller a poll that started before its call (or the rejection of an old one). A failed
    // poll is followed too: the callers asked for an answer fetched after their call, not for it.
    const next = (): Promise<void> => {
      if (entry.followUp === followUp) entry.followUp = null;
      return poll(entry);
    };
    const followUp: Promise<void> = inFlight.then(next, next);
    entry.followUp = followUp;
    return followUp;
  }

  function buildProfileSnapshot(entry: ProfileEntry): ProfileSnapshot {
    if (entry.cached !== null) return entry.cached;
    const snapshot: ProfileSnapshot = {
      profileId: entry.target.profileId,
      profileName: entry.target.profileName,
      state: profileStateOf({
        paused,
        lastError: entry.lastError,
        channels: entry.observation.channels === null ? null : entry.views,
      }),
      lastPollAt: iso(entry.lastPollAt),
      nextPollAt: iso(entry.nextPollAt),
      lastError: entry.lastError,
      consecutiveFailures: entry.consecutiveFailures,
      channels: entry.views,
    };
    entry.cached = snapshot;
    return snapshot;
  }

  function countState(state: ProfileState, delta: number): void {
    stateCounts.set(state, (stateCounts.get(state) ?? 0) + delta);
  }

  /** The states at least one profile is in, from the counts: enough for `worstState`. */
  function* presentStates(): Generator<ProfileState> {
    for (const [state, count] of stateCounts) if (count > 0) yield state;
  }

  /** A new list of profile snapshots (listeners may keep the previous one, so it is never mutated). */
  function buildProfiles(): ProfileSnapshot[] {
    let profiles: ProfileSnapshot[];
    if (publishedStale) {
      stateCounts.clear();
      profiles = [];
      for (const entry of entries.values()) {
        const profile = buildProfileSnapshot(entry);
        entry.index = profiles.length;
        profiles.push(profile);
        countState(profile.state, 1);
      }
      publishedStale = false;
    } else {
      profiles = published.slice();
      for (const entry of changed) {
        const before = profiles[entry.index];
        const after = buildProfileSnapshot(entry);
        if (before !== undefined) countState(before.state, -1);
        countState(after.state, 1);
        profiles[entry.index] = after;
      }
    }
    changed.clear();
    published = profiles;
    return profiles;
  }

  function getSnapshot(): MonitorSnapshot {
    if (snapshotCache !== null) return snapshotCache;
    const profiles = buildProfiles();
    snapshotCache = {
      takenAt: new Date(now()).toISOString(),
      // Paused wins even without profiles, so the tray and the window can tell a pause from "nothing yet".
      worst: paused ? 'paused' : worstState(presentStates()),
      pausedUntil: paused ? iso(pausedUntil) : null,
      profiles,
    };
    return snapshotCache;
  }

  /** Hands an update to the listeners: about one profile (`entry`), or monitor-wide (null). */
  function emit(entry: ProfileEntry | null, events: readonly MonitorEvent[]): void {
    if (stopped) return;
    if (updateListeners.length > 0) {
      // The snapshot is built only when a listener reads it: a copy of the list of profiles per poll
      // made a cycle over n profiles O(n²) for listeners that need only the profile polled.
      const update: MonitorUpdate = new Update(
        entry === null ? null : entry.target.profileId,
        events,
        entry === null ? null : buildProfileSnapshot(entry),
        getSnapshot,
      );
      for (const listener of updateListeners) {
        try {
          listener(update);
        } catch (error) {
          log(`monitor: a snapshot listener failed: ${toAppError(error).message}`);
        }
      }
    }
    if (eventListeners.length === 0) return;
    for (const event of events) {
      for (const listener of eventListeners) {
        try {
          listener(event);
        } catch (error) {
          log(`monitor: an event listener failed: ${toAppError(error).message}`);
        }
      }
    }
  }

  function newEntry(target: MonitorTarget): ProfileEntry {
    const entry: ProfileEntry = {
      target,
      observation: { profileId: target.profileId, status: 'none', error: null, channels: null },
      views: [],
      failing: false,
      secretsFingerprint: null,
      listToken: null,
      lastPollAt: null,
      lastStartAt: null,
      nextPollAt: null,
      lastError: null,
      consecutiveFailures: 0,
      backoffFailures: 0,
      authStopped: false,
      backingOff: false,
      dueAfterPause: null,
      timer: null,
      hasTimer: false,
      fire: () => {
        entry.hasTimer = false;
        entry.timer = null;
        void poll(entry);
      },
      inFlight: null,
      followUp: null,
      abort: null,
      controller: null,
      generation: 0,
      cached: null,
      index: -1,
    };
    return entry;
  }

  function abandonPoll(entry: ProfileEntry): void {
    entry.generation += 1;
    entry.abort?.abort();
    entry.abort = null;
    entry.inFlight = null;
    // The follow-up waits on the abandoned poll: a caller arriving now must not share it, or it would
    // get the answer of the poll that replaces it, which may have started before its call.
    entry.followUp = null;
  }

  /** Applies one target without emitting; returns true when something changed. */
  function upsert(target: MonitorTarget): boolean {
    const existing = entries.get(target.profileId);
    if (existing === undefined) {
      const entry = newEntry(target);
      entries.set(target.profileId, entry);
      invalidate();
      schedule(entry, 0);
      return true;
    }
    if (existing.target.client !== target.client) {
      abandonPoll(existing);
      existing.target = target;
      // A token belongs to the client that made it.
      existing.listToken = null;
      existing.authStopped = false;
      existing.backingOff = false;
      existing.consecutiveFailures = 0;
      existing.backoffFailures = 0;
      invalidate(existing);
      schedule(existing, 0);
      return true;
    }
    if (existing.target.profileName !== target.profileName) {
      existing.target = target;
      invalidate(existing);
      return true;
    }
    return false;
  }

  function remove(profileId: string): boolean {
    const entry = entries.get(profileId);
    if (entry === undefined) return false;
    clearTimer(entry);
    abandonPoll(entry);
    entries.delete(profileId);
    invalidate();
    return true;
  }

  function clearPauseTimer(): void {
    if (pauseTimer !== null) {
      timers.clearTimeout(pauseTimer.handle);
      pauseTimer = null;
    }
  }

  function invalidateAll(): void {
    for (const entry of entries.values()) entry.cached = null;
    changed.clear();
    publishedStale = true;
    snapshotCache = null;
  }

  function resume(): MonitorSnapshot {
    clearPauseTimer();
    if (!paused) return getSnapshot();
    paused = false;
    pausedUntil = null;
    invalidateAll();
    const at = now();
    for (const entry of entries.values()) {
      // A backoff or Retry-After wait keeps its due time (polled at once if it passed meanwhile);
      // schedule() leaves a profile stopped by an auth failure stopped.
      const due = entry.dueAfterPause;
      entry.dueAfterPause = null;
      if (entry.inFlight === null) schedule(entry, due === null ? 0 : Math.max(0, due - at));
    }
    emit(null, []);
    return getSnapshot();
  }

  for (const target of options.targets ?? []) upsert(target);

  return {
    start() {
      if (started || stopped) return;
      started = true;
      if (!paused) for (const entry of entries.values()) schedule(entry, 0);
    },

    stop() {
      if (stopped) return;
      stopped = true;
      clearPauseTimer();
      for (const entry of entries.values()) {
        clearTimer(entry);
        abandonPoll(entry);
      }
      updateListeners = [];
      eventListeners = [];
    },

    async checkNow(profileId) {
      let targets: ProfileEntry[];
      if (profileId === undefined) {
        targets = [...entries.values()];
      } else {
        const entry = entries.get(profileId);
        if (entry === undefined) {
          throw new AppError('not-found', `No monitored profile "${profileId}". Check the profile name.`);
        }
        targets = [entry];
      }
      for (const entry of targets) entry.authStopped = false;
      await Promise.all(targets.map(freshPoll));
      return getSnapshot();
    },

    pause(until) {
      const untilMs = until === null ? null : until.getTime();
      if (untilMs !== null && untilMs <= now()) return resume();
      clearPauseTimer();
      paused = true;
      pausedUntil = untilMs;
      for (const entry of entries.values()) {
        // Keep the due time of a backoff or Retry-After wait for resume(). Only a pending timer says
        // what the profile waits on: a pause while already paused finds none and keeps what the
        // first one kept.
        if (entry.hasTimer) entry.dueAfterPause = entry.backingOff ? entry.nextPollAt : null;
        clearTimer(entry);
      }
      if (untilMs !== null) {
        // A timer fires at once beyond MAX_TIMER_MS (about 24.8 days): a longer pause is waited out
        // in steps, each checking whether the end has come.
        const wait = (): void => {
          const timer = {
            handle: timers.setTimeout(
              () => {
                if (pauseTimer !== timer) return;
                pauseTimer = null;
                if (untilMs > now()) wait();
                else resume();
              },
              Math.min(Math.max(0, untilMs - now()), MAX_TIMER_MS),
            ),
          };
          pauseTimer = timer;
        };
        wait();
      }
      invalidateAll();
      emit(null, []);
      return getSnapshot();
    },

    resume,

    updateTargets(targets) {
      let changed = false;
      const wanted = new Set(targets.map((target) => target.profileId));
      for (const profileId of [...entries.keys()]) {
        if (!wanted.has(profileId)) changed = remove(profileId) || changed;
      }
      for (const target of targets) changed = upsert(target) || changed;
      if (changed) emit(null, []);
    },

    upsertTarget(target) {
      if (upsert(target)) emit(null, []);
    },

    removeTarget(profileId) {
      if (remove(profileId)) emit(null, []);
    },

    setIntervals(intervals) {
      normalMs = intervals.normalMs ?? normalMs;
      fastMs = intervals.fastMs ?? fastMs;
      const at = now();
      for (const entry of entries.values()) {
        if (!entry.hasTimer || entry.backingOff) continue;
        // A poll due now (a new profile's first, new credentials, a resume) is not an interval's
        // wait: moving it by the new interval would hold a new profile back for up to a day when
        // one settings change adds it and changes the intervals at once.
        if (entry.lastStartAt === null || (entry.nextPollAt !== null && entry.nextPollAt <= at)) continue;
        schedule(entry, entry.lastStartAt + currentInterval(entry) - at);
      }
    },

    getSnapshot,

    subscribe(listener) {
      if (!updateListeners.includes(listener)) updateListeners = [...updateListeners, listener];
      return () => {
        updateListeners = updateListeners.filter((other) => other !== listener);
      };
    },

    onEvent(listener) {
      if (!eventListeners.includes(listener)) eventListeners = [...eventListeners, listener];
      return () => {
        eventListeners = eventListeners.filter((other) => other !== listener);
      };
    },
  };
}
