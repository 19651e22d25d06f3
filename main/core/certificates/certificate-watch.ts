import fastq from 'fastq';
import { channelKey } from '../../common/channel-key';
import { toAppError } from '../../common/errors';
import { Emitter } from '../../common/event';
import { unrefTimers } from '../base';
import { checkConnection } from '../diagnosis';
import type { MonitorEvent } from '../monitor';
import { DAY_MS, daysUntil, DEFAULT_THRESHOLDS_DAYS, expiringEvent, nextAnnouncement } from './thresholds';
import type { Announced } from './thresholds';
import type {
  CertificateStatus,
  CertificateTarget,
  CertificateWatch,
  CertificateWatchOptions,
} from './types';

/** One receiver (scheme, host and port, and the address rule it is checked under): one check serves all its webhooks. */
interface Origin {
  readonly key: string;
  readonly url: string;
  readonly allowPrivateAddresses: boolean;
  expiresAt: string | null;
  checkedAt: number | null;
  error: string | null;
  /** The next re-check, or the guard of the check running. */
  timer: unknown;
  phase: 'idle' | 'queued' | 'running';
  controller: AbortController | null;
}

interface Watched {
  target: CertificateTarget;
  origin: string;
}

/** The origin key of an https URL, or null for any other URL (nothing to watch). */
function originKey(target: CertificateTarget): string | null {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  return `${target.allowPrivateAddresses ? 'private' : 'public'} ${url.host}`;
}

/**
 * Watches the certificates of https webhook receivers: one TLS check per receiver at once, then
 * daily; `cert-expiring` events when a certificate comes within a threshold of its expiry.
 */
export function createCertificateWatch(options: CertificateWatchOptions = {}): CertificateWatch {
  const timers = options.timers ?? unrefTimers;
  const now = options.now ?? Date.now;
  const check = options.check ?? checkConnection;
  const intervalMs = options.intervalMs ?? DAY_MS;
  const retryMs = Math.min(options.retryMs ?? 60 * 60_000, intervalMs);
  const thresholds = options.thresholdsDays ?? DEFAULT_THRESHOLDS_DAYS;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const log = options.log ?? (() => undefined);

  let watched = new Map<string, Watched>();
  const origins = new Map<string, Origin>();
  const announced = new Map<string, Announced>();
  // A check that is dropped while it waits is skipped when its turn comes (run() sees it is gone).
  const queue = fastq.promise<null, Origin, void>(null, (origin) => run(origin), concurrency);
  let disposed = false;
  const events = new Emitter<MonitorEvent>({
    onListenerError: (error) => log(`certificates: an event listener failed: ${toAppError(error).message}`),
  });
  const changes = new Emitter<void>({
    onListenerError: (error) => log(`certificates: a change listener failed: ${toAppError(error).message}`),
  });

  function trusted(): string[] | undefined {
    try {
      const ca = options.trust?.();
      return ca === undefined ? undefined : [...ca];
    } catch {
      // An unreadable extra CA file: check with the system's roots rather than not at all.
      return undefined;
    }
  }

  /** The `cert-expiring` event due for one webhook, if a threshold was crossed since the last one. */
  function announce(key: string, target: CertificateTarget, origin: Origin): void {
    if (origin.expiresAt === null) return;
    const at = now();
    const next = nextAnnouncement(origin.expiresAt, at, thresholds, announced.get(key));
    if (next === null) return;
    announced.set(key, next.announced);
    events.fire(expiringEvent(target, origin.expiresAt, next.thresholdDays, at));
  }

  function enqueue(origin: Origin): void {
    if (disposed || origin.phase !== 'idle') return;
    origin.phase = 'queued';
    void queue.push(origin);
  }

  async function run(origin: Origin): Promise<void> {
    if (disposed || origins.get(origin.key) !== origin) return;
    origin.phase = 'running';
    const controller = new AbortController();
    origin.controller = controller;
    // A check that ignores its own budget still frees its slot.
    origin.timer = timers.setTimeout(() => controller.abort(new Error('timed out')), timeoutMs + 1_000);
    let found: { expiresAt: string | null; error: string | null };
    const ca = trusted();
    try {
      const result = await check(origin.url, {
        allowPrivateAddresses: origin.allowPrivateAddresses,
        timeoutMs,
        signal: controller.signal,
        ...(ca === undefined ? {} : { ca }),
      });
      found =
        result.certificate === undefined
          ? { expiresAt: null, error: result.verdict }
          : { expiresAt: result.certificate.validTo, error: null };
    } catch (error) {
      const reason = controller.signal.aborted
        ? 'the check timed out'
        : error instanceof Error
          ? error.message
          : String(error);
      found = { expiresAt: null, error: reason };
    }
    // Disposed or dropped meanwhile: drop() already cleared its timer.
    if (disposed || origins.get(origin.key) !== origin) return;
    timers.clearTimeout(origin.timer);
    origin.controller = null;
    finish(origin, found);
  }

  /** Records a check's result (a failure keeps the last good expiry), re-arms it and announces what is due. */
  function finish(origin: Origin, found: { expiresAt: string | null; error: string | null }): void {
    const changed =
      origin.checkedAt === null ||
      origin.error !== found.error ||
      (found.expiresAt !== null && found.expiresAt !== origin.expiresAt);
    if (found.error !== null) log(`certificates: ${origin.url}: ${found.error}`);
    origin.expiresAt = found.expiresAt ?? origin.expiresAt;
    origin.error = found.error;
    origin.checkedAt = now();
    origin.phase = 'idle';
    origin.timer = timers.setTimeout(() => enqueue(origin), found.error === null ? intervalMs : retryMs);
    for (const [key, item] of watched) {
      if (item.origin === origin.key) announce(key, item.target, origin);
    }
    if (changed) changes.fire();
  }

  function drop(origin: Origin): void {
    timers.clearTimeout(origin.timer);
    origin.controller?.abort(new Error('no longer watched'));
    origins.delete(origin.key);
  }

  return {
    setTargets(targets) {
      if (disposed) return;
      const next = new Map<string, Watched>();
      for (const target of targets) {
        const origin = originKey(target);
        if (origin !== null) next.set(channelKey(target.profileId, target.requestId), { target, origin });
      }
      let changed = false;
      for (const [key, item] of watched) {
        if (next.has(key)) continue;
        announced.delete(key);
        if (origins.get(item.origin)?.checkedAt != null) changed = true;
      }
      const kept = new Set(Array.from(next.values(), (item) => item.origin));
      for (const origin of [...origins.values()]) if (!kept.has(origin.key)) drop(origin);
      const previous = watched;
      watched = next;
      for (const [key, item] of next) {
        let origin = origins.get(item.origin);
        if (origin === undefined) {
          origin = {
            key: item.origin,
            url: item.target.url,
            allowPrivateAddresses: item.target.allowPrivateAddresses,
            expiresAt: null,
            checkedAt: null,
            error: null,
            timer: null,
            phase: 'idle',
            controller: null,
          };
          origins.set(origin.key, origin);
          enqueue(origin);
        } else if (previous.get(key)?.origin !== item.origin && origin.checkedAt !== null) {
          // A webhook joining a receiver already checked: its status and due warning come at once.
          changed = true;
          announce(key, item.target, origin);
        }
      }
      if (changed) changes.fire();
    },

    get(profileId, requestId): CertificateStatus | null {
      const item = watched.get(channelKey(profileId, requestId));
      const origin = item === undefined ? undefined : origins.get(item.origin);
      if (item === undefined || origin === undefined || origin.checkedAt === null) return null;
      return {
        url: item.target.url,
        expiresAt: origin.expiresAt,
        daysLeft: origin.expiresAt === null ? null : daysUntil(origin.expiresAt, now()),
        checkedAt: new Date(origin.checkedAt).toISOString(),
        error: origin.error,
      };
    },

    expiresAt(profileId, requestId) {
      const item = watched.get(channelKey(profileId, requestId));
      return item === undefined ? null : (origins.get(item.origin)?.expiresAt ?? null);
    },

    onEvent(listener) {
      const subscription = events.event(listener);
      return () => subscription.dispose();
    },

    onChange(listener) {
      const subscription = changes.event(() => listener());
      return () => subscription.dispose();
    },

    settled() {
      return disposed ? Promise.resolve() : queue.drained();
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      for (const origin of [...origins.values()]) drop(origin);
      // Clears what waits and resolves settled(): a running check returns as soon as it sees `disposed`.
      queue.killAndDrain();
      events.dispose();
      changes.dispose();
    },
  };
}
