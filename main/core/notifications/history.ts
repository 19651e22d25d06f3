import { join } from 'node:path';
import { z } from 'zod';
import { createDebouncedFileWriter, readJsonOrSetAside } from '../storage';
import type { Timers } from '../base';
import { EVENT_TYPES } from '../monitor';
import type { ChannelHealth, ChannelHistory, MonitorEvent, ProfileSnapshot } from '../monitor';
import { channelKey } from '../../common/channel-key';

export const HISTORY_FILE_NAME = 'history.json';

/** On disk and in memory a point is a tuple, which keeps a week of history for many channels small. */
type Point = [at: number, errorCount: number, health: ChannelHealth];

export interface HistoryOptions {
  /** The config folder; the file is `<dir>/<fileName>`. */
  dir: string;
  fileName?: string;
  /** Points older than this are dropped (default 7 days). */
  maxAgeMs?: number;
  /** Points kept per channel (default 2016: a week at one point per 5 minutes). */
  maxPointsPerChannel?: number;
  /** Points kept over all channels (default 200,000, a few MB on disk). */
  maxTotalPoints?: number;
  /** Events kept in the log (default 500). */
  maxEvents?: number;
  /** A steady channel gets a point at most this often; any change of errorCount or health is kept (default 5 min). */
  minPointSpacingMs?: number;
  /** Writes are grouped: at most one per this delay (default 5 s). */
  debounceMs?: number;
  timers?: Timers;
  now?: () => number;
  log?: (line: string) => void;
}

export interface History {
  /** Adds the points of freshly polled profiles and the events; the write to disk is debounced. */
  /**
   * Adds the polls the profiles show and the events. `partial`: `profiles` holds only the profiles
   * an update is about (a poll's), not every monitored one, so the others are not forgotten.
   */
  record(
    snapshot: { profiles: readonly ProfileSnapshot[] },
    events: readonly MonitorEvent[],
    options?: { partial?: boolean },
  ): void;
  /** Points oldest first; the channel's events newest first. */
  channelHistory(profileId: string, requestId: string): ChannelHistory;
  /** The event log, newest first. */
  events(limit?: number): MonitorEvent[];
  /** Writes pending changes now. */
  flush(): Promise<void>;
  /** Flushes and stops; later records are ignored. */
  close(): Promise<void>;
}

const HEALTHS = ['healthy', 'failing', 'blocked', 'disabled'] as const;

const errorInfoSchema = z.object({ kind: z.string(), message: z.string() }).loose();

const eventSchema = z
  .object({
    id: z.string(),
    type: z.enum(EVENT_TYPES),
    at: z.string(),
    profileId: z.string(),
    requestId: z.string().nullable(),
    url: z.string().nullable(),
    errorCount: z.number().nullable(),
    message: z.string(),
    previousUrl: z.string().optional(),
    error: errorInfoSchema.optional(),
    predictedBlockAt: z.string().optional(),
    failuresPerMinute: z.number().nullable().optional(),
    eventLossAt: z.string().optional(),
    expiresAt: z.string().optional(),
    thresholdDays: z.number().optional(),
  })
  .transform((event) => event as MonitorEvent);

const fileSchema = z.object({
  version: z.literal(1),
  series: z.record(z.string(), z.array(z.tuple([z.number(), z.number(), z.enum(HEALTHS)]))),
  events: z.array(eventSchema),
});

const DAY = 24 * 60 * 60_000;

/**
 * Opens (or creates) the health history in the config folder: per channel a bounded series of
 * (time, errorCount, health) and a log of the last events. It is written atomically (temp file,
 * then rename), so a crash leaves the previous file whole; an unreadable file is set aside and
 * history starts empty, since history is a convenience, not data the merchant entered.
 */
export async function openHistory(options: HistoryOptions): Promise<History> {
  const path = join(options.dir, options.fileName ?? HISTORY_FILE_NAME);
  const maxAgeMs = options.maxAgeMs ?? 7 * DAY;
  const maxPointsPerChannel = options.maxPointsPerChannel ?? 2016;
  const maxTotalPoints = options.maxTotalPoints ?? 200_000;
  const maxEvents = options.maxEvents ?? 500;
  const minSpacingMs = options.minPointSpacingMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);

  const series = new Map<string, Point[]>();
  let eventLog: MonitorEvent[] = [];
  const lastRecordedPoll = new Map<string, string>();
  let closed = false;

  const saved = await readJsonOrSetAside({
    path,
    parse: (json) => fileSchema.parse(json),
    now,
    log,
    name: 'history',
  });
  if (saved !== null) {
    for (const [key, points] of Object.entries(saved.series)) series.set(key, points);
    eventLog = saved.events.slice(-maxEvents);
    prune();
  }

  const writer = createDebouncedFileWriter({
    path,
    debounceMs: options.debounceMs ?? 5_000,
    timers: options.timers,
    log,
    name: 'history',
  });

  /** Applies the age, per-channel and total caps. */
  function prune(): void {
    const oldest = now() - maxAgeMs;
    for (const [key, points] of series) {
      const firstKept = points.findIndex((point) => point[0] >= oldest);
      if (firstKept === -1) series.delete(key);
      else if (firstKept > 0) points.splice(0, firstKept);
    }
    const perChannel = Math.max(
      1,
      Math.min(maxPointsPerChannel, Math.floor(maxTotalPoints / Math.max(1, series.size))),
    );
    for (const points of series.values()) {
      if (points.length > perChannel) points.splice(0, points.length - perChannel);
    }
    if (eventLog.length > maxEvents) eventLog = eventLog.slice(-maxEvents);
  }

  function addPoint(key: string, point: Point): boolean {
    let points = series.get(key);
    if (points === undefined) {
      points = [];
      series.set(key, points);
    }
    const last = points[points.length - 1];
    if (
      last !== undefined &&
      last[1] === point[1] &&
      last[2] === point[2] &&
      point[0] - last[0] < minSpacingMs
    ) {
      return false;
    }
    points.push(point);
    if (points.length > maxPointsPerChannel) points.shift();
    return true;
  }

  /** The file's content, pruned first so that the caps also apply to what is written. */
  function serialize(): string {
    prune();
    return JSON.stringify({ version: 1, series: Object.fromEntries(series), events: eventLog });
  }

  return {
    record(snapshot, events, options = {}) {
      if (closed) return;
      let changed = false;
      for (const profile of snapshot.profiles) {
        if (profile.lastPollAt === null || profile.lastError !== null) continue;
        if (lastRecordedPoll.get(profile.profileId) === profile.lastPollAt) continue;
        lastRecordedPoll.set(profile.profileId, profile.lastPollAt);
        const at = Date.parse(profile.lastPollAt);
        for (const channel of profile.channels) {
          const key = channelKey(profile.profileId, channel.requestId);
          changed = addPoint(key, [at, channel.errorCount, channel.health]) || changed;
        }
      }
      if (options.partial !== true) {
        const known = new Set(snapshot.profiles.map((profile) => profile.profileId));
        for (const profileId of lastRecordedPoll.keys()) {
          if (!known.has(profileId)) lastRecordedPoll.delete(profileId);
        }
      }
      if (events.length > 0) {
        eventLog.push(...events);
        if (eventLog.length > maxEvents) eventLog.splice(0, eventLog.length - maxEvents);
        changed = true;
      }
      if (changed) writer.schedule(serialize);
    },

    channelHistory(profileId, requestId) {
      const points = (series.get(channelKey(profileId, requestId)) ?? []).map(([at, errorCount, health]) => ({
        at: new Date(at).toISOString(),
        errorCount,
        health,
      }));
      const events = eventLog
        .filter((event) => event.profileId === profileId && event.requestId === requestId)
        .reverse();
      return { points, events };
    },

    events(limit = maxEvents) {
      if (limit <= 0) return [];
      return eventLog.slice(-limit).reverse();
    },

    flush: () => writer.flush(),

    async close() {
      if (closed) return;
      closed = true;
      await writer.close();
    },
  };
}
