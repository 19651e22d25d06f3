import type { CalypsoApi } from '../api';
import { AppError } from '../../common/errors';
import { realTimers, type Timers } from '../base';
import { SnapshotPublisher, type ProfileInputs } from './publisher';
import {
  hasFailingChannel,
  initialPollState,
  reducePoll,
  withNewCredentials,
  type PollOutcome,
  type PollState,
} from './reducer';
import { PollRunner, type QueuedPoll } from './runner';
import { PollScheduler } from './scheduler';
import type { MonitorEvent, MonitorSnapshot, MonitorUpdate } from './types';

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
  timers?: Timers;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** A number in [0, 1) for backoff jitter (default Math.random). */
  random?: () => number;
  /** Receives log lines (prefixed `monitor:`); they never carry secrets. */
  log?: (line: string) => void;
  /** Each channel's receiver certificate expiry (the certificate watch's), merged into snapshots. */
  certificateExpiry?: (profileId: string, requestId: string) => string | null;
}

export interface Monitor {
  /** Polls every profile now, then keeps each on its own schedule. Idempotent. */
  start(): void;
  /** Clears every timer, abandons polls in flight and stops notifying listeners. */
  stop(): void;
  /**
   * Polls one profile (or all) now and resolves with the snapshot once those polls are done. Each
   * answer was fetched after the call: a poll already in flight is followed by one more, shared by
   * every caller that arrived meanwhile. It also restarts a profile stopped by an auth failure, and
   * works while paused (the monitor stays paused). Rejects with kind `not-found` for an unknown id.
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
  /** The certificate expiry lookup has new answers: listeners get an update with a rebuilt snapshot. */
  refreshCertificates(): void;
}

interface ProfileEntry {
  target: MonitorTarget;
  state: PollState;
  /** The poll queued or running, if any. */
  poll: QueuedPoll | null;
  /** The one poll queued behind `poll` for checkNow callers who need an answer fetched after their call. */
  followUp: Promise<void> | null;
}

/**
 * Creates the health monitor: it polls each target's subscription list on its own schedule
 * (scheduler), through a queue with a deadline (runner), turns each answer into the next state and
 * its events (reducer), and hands snapshots and events to listeners (publisher). Memory stays
 * bounded: per profile one state and one snapshot; events are handed out and never kept.
 */
export function createMonitor(options: MonitorOptions = {}): Monitor {
  const timers = options.timers ?? realTimers;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const entries = new Map<string, ProfileEntry>();
  let stopped = false;

  const runner = new PollRunner({
    concurrency: options.concurrency ?? 4,
    pollTimeoutMs: options.pollTimeoutMs ?? 30_000,
    timers,
    now,
  });
  const scheduler = new PollScheduler({
    timers,
    now,
    random: options.random ?? Math.random,
    normalMs: options.normalIntervalMs ?? 60_000,
    fastMs: options.fastIntervalMs ?? 15_000,
    maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60 * 60_000,
    onDue: (profileId) => {
      const entry = entries.get(profileId);
      if (entry !== undefined) void poll(entry);
    },
    isPolling: (profileId) => entries.get(profileId)?.poll != null,
    onPauseEnd: () => resume(),
  });
  const publisher = new SnapshotPublisher({
    now,
    log,
    certificateExpiry: options.certificateExpiry,
    read: () => ({
      paused: scheduler.paused,
      pausedUntil: scheduler.pausedUntil,
      profiles: Array.from(entries.values(), inputsOf),
    }),
  });

  function inputsOf(entry: ProfileEntry): ProfileInputs {
    const { profileId, profileName } = entry.target;
    return {
      profileId,
      profileName,
      poll: entry.state,
      nextPollAt: scheduler.nextPollAt(profileId),
      paused: scheduler.paused,
    };
  }

  function apply(entry: ProfileEntry, outcome: PollOutcome): void {
    const { state, events } = reducePoll(entry.state, outcome, now());
    entry.state = state;
    const { profileId } = entry.target;
    const error = state.lastError;
    if (error?.kind === 'auth') {
      log(`monitor: ${profileId}: credentials refused, polling stopped until they change`);
    } else if (error !== null && error.kind !== 'rate-limit') {
      log(`monitor: ${profileId}: poll failed (${error.kind}), ${state.consecutiveFailures} in a row`);
    }
    scheduler.pollEnded(profileId, {
      startedAt: outcome.startedAt,
      failing: hasFailingChannel(state),
      error,
    });
    publisher.publish(inputsOf(entry), events);
  }

  function poll(entry: ProfileEntry): Promise<void> {
    if (entry.poll !== null) return entry.poll.done;
    // A follow-up of a poll abandoned by stop() or a removal has nothing left to ask.
    if (stopped || entries.get(entry.target.profileId) !== entry) return Promise.resolve();
    scheduler.pollStarting(entry.target.profileId);
    const queued = runner.run({
      call: (signal) => entry.target.client.listIfChanged(entry.state.listToken, { signal }),
      settle: (outcome) => {
        try {
          apply(entry, outcome);
        } finally {
          if (entry.poll === queued) entry.poll = null;
        }
      },
    });
    entry.poll = queued;
    return queued.done;
  }

  /**
   * A poll that starts after this call: the answer of a poll already in flight may predate a
   * change the caller just made. Callers arriving while one is in flight share one follow-up.
   */
  function freshPoll(entry: ProfileEntry): Promise<void> {
    if (entry.poll === null) return poll(entry);
    if (entry.followUp !== null) return entry.followUp;
    // Cleared once the poll in flight ends, whatever its outcome: a later caller must get a poll
    // that starts after its own call.
    const next = (): Promise<void> => {
      if (entry.followUp === followUp) entry.followUp = null;
      return poll(entry);
    };
    const followUp: Promise<void> = entry.poll.done.then(next, next);
    entry.followUp = followUp;
    return followUp;
  }

  function abandonPoll(entry: ProfileEntry): void {
    entry.poll?.abandon();
    entry.poll = null;
    // The follow-up waits on the abandoned poll: a caller arriving now must not share it.
    entry.followUp = null;
  }

  /** Applies one target without publishing; returns true when something changed. */
  function upsert(target: MonitorTarget): boolean {
    const existing = entries.get(target.profileId);
    if (existing === undefined) {
      const state = initialPollState(target.profileId);
      entries.set(target.profileId, { target, state, poll: null, followUp: null });
      scheduler.add(target.profileId);
      return true;
    }
    if (existing.target.client !== target.client) {
      abandonPoll(existing);
      existing.target = target;
      existing.state = withNewCredentials(existing.state);
      scheduler.renew(target.profileId);
      return true;
    }
    if (existing.target.profileName !== target.profileName) {
      existing.target = target;
      return true;
    }
    return false;
  }

  function remove(profileId: string): boolean {
    const entry = entries.get(profileId);
    if (entry === undefined) return false;
    abandonPoll(entry);
    entries.delete(profileId);
    scheduler.remove(profileId);
    publisher.forget(profileId);
    return true;
  }

  function resume(): MonitorSnapshot {
    if (scheduler.resume()) publisher.publish(null, []);
    return publisher.snapshot();
  }

  for (const target of options.targets ?? []) upsert(target);

  return {
    start: () => scheduler.start(),

    stop() {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      for (const entry of entries.values()) abandonPoll(entry);
      publisher.dispose();
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
      for (const entry of targets) scheduler.lift(entry.target.profileId);
      await Promise.all(targets.map(freshPoll));
      return publisher.snapshot();
    },

    pause(until) {
      const untilMs = until === null ? null : until.getTime();
      if (untilMs !== null && untilMs <= now()) return resume();
      scheduler.pause(untilMs);
      publisher.publish(null, []);
      return publisher.snapshot();
    },

    resume,

    updateTargets(targets) {
      let changed = false;
      const wanted = new Set(targets.map((target) => target.profileId));
      for (const profileId of [...entries.keys()]) {
        if (!wanted.has(profileId)) changed = remove(profileId) || changed;
      }
      for (const target of targets) changed = upsert(target) || changed;
      if (changed) publisher.publish(null, []);
    },

    upsertTarget(target) {
      if (upsert(target)) publisher.publish(null, []);
    },

    removeTarget(profileId) {
      if (remove(profileId)) publisher.publish(null, []);
    },

    setIntervals: (intervals) => scheduler.setIntervals(intervals),

    getSnapshot: () => publisher.snapshot(),

    subscribe(listener) {
      const subscription = publisher.onUpdate(listener);
      return () => subscription.dispose();
    },

    onEvent(listener) {
      const subscription = publisher.onEvent(listener);
      return () => subscription.dispose();
    },

    refreshCertificates() {
      if (stopped) return;
      publisher.certificatesChanged();
      publisher.publish(null, []);
    },
  };
}
