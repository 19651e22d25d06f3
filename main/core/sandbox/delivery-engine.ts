import { sign } from '../api';
import { DeliveryTransport } from './delivery-transport';
import { RETRY_COUNT, failureReason, retryGapMs } from './retry-schedule';
import type { SubscriptionStore } from './subscription-store';
import type { DeliveryAttempt, DeliveryKind, SandboxSubscription } from './types';
import { buildWebhookEvent } from './webhook-events';

/** How many attempts the delivery log keeps for inspection. */
const ATTEMPT_LOG_LIMIT = 1000;
/** How many failed events wait for a retry at most; beyond it the oldest is dropped. */
const PENDING_LIMIT = 10_000;

export interface DeliveryEngineOptions {
  store: SubscriptionStore;
  now: () => number;
  timeoutMs: number;
  log: (line: string) => void;
  /** Deliver to any host, not only to this machine (`--allow-remote-delivery`). */
  allowRemote: boolean;
  /** Divides the retry gaps (`--time-scale`). */
  timeScale: number;
  /** Count any 2xx as delivered, not only 200 (`--accept-2xx`). */
  accept2xx: boolean;
}

/** A failed event waiting for its next retry, or for the unblock that resends it. */
interface Pending {
  requestId: string;
  eventId: number;
  eventType: string;
  /** The exact bytes: every retry and resend sends the same body (same `id`). */
  body: string;
  /** Retries already made. */
  retries: number;
  dueAtMs: number;
}

/**
 * Sends signed events the way Calypso does: only 200 counts, failed events are retried on Calypso's
 * schedule, a block suspends the retries and an unblock resends them in order. Every attempt feeds
 * the store's error counting. Work runs one batch at a time, so counts never race.
 */
export class DeliveryEngine {
  readonly #options: DeliveryEngineOptions;
  readonly #transport: DeliveryTransport;
  readonly #attempts: DeliveryAttempt[] = [];
  readonly #pending = new Map<number, Pending>();
  #lastId = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #queued = 0;
  #stopped = false;

  constructor(options: DeliveryEngineOptions) {
    this.#options = options;
    this.#transport = new DeliveryTransport(options);
  }

  /** Whether work is running or queued (the periodic timers skip their tick then). */
  busy(): boolean {
    return this.#queued > 0;
  }

  /** Resolves when everything queued so far has settled. */
  async idle(): Promise<void> {
    await this.#queue;
  }

  attempts(): DeliveryAttempt[] {
    return this.#attempts.map((attempt) => ({ ...attempt }));
  }

  /** One new event to every enabled, unblocked subscription. */
  round(): Promise<DeliveryAttempt[]> {
    return this.#enqueue(async () => {
      const targets = this.#options.store.deliverable();
      return Promise.all(
        targets.map((subscription) => {
          const event = buildWebhookEvent(subscription, this.#options.now(), ++this.#lastId);
          const pending: Pending = {
            requestId: subscription.requestId,
            eventId: event.id,
            eventType: event.eventType,
            body: JSON.stringify(event),
            retries: 0,
            dueAtMs: 0,
          };
          return this.#attempt(pending, 'delivery');
        }),
      );
    });
  }

  /** Retries every failed event whose time has come, oldest first, for subscriptions not blocked. */
  retryDue(): Promise<DeliveryAttempt[]> {
    return this.#enqueue(async () => {
      const now = this.#options.now();
      const due = [...this.#pending.values()].filter((entry) => entry.dueAtMs <= now);
      const bySubscription = new Map<string, Pending[]>();
      for (const entry of due) {
        bySubscription.set(entry.requestId, [...(bySubscription.get(entry.requestId) ?? []), entry]);
      }
      const runs = [...bySubscription.entries()].map(async ([requestId, entries]) => {
        const subscription = this.#options.store.get(requestId);
        if (subscription === undefined) return this.#forget(requestId);
        if (!subscription.enabled || subscription.blockedByErrorCount) return [];
        return this.#inOrder(entries, 'retry');
      });
      return (await Promise.all(runs)).flat();
    });
  }

  /**
   * The unblock's resend: every event of the subscription that failed during its failing run and
   * is still waiting, in order of id, at once.
   */
  resend(requestId: string): Promise<DeliveryAttempt[]> {
    return this.#enqueue(async () => {
      const entries = [...this.#pending.values()].filter((entry) => entry.requestId === requestId);
      return this.#inOrder(entries, 'resend');
    });
  }

  /** How many failed events wait for a retry or a resend. */
  pendingCount(requestId?: string): number {
    return [...this.#pending.values()].filter((e) => requestId === undefined || e.requestId === requestId)
      .length;
  }

  /** Aborts deliveries in flight; later work does nothing. */
  stop(): void {
    this.#stopped = true;
    this.#transport.stop();
  }

  #enqueue(work: () => Promise<DeliveryAttempt[]>): Promise<DeliveryAttempt[]> {
    this.#queued += 1;
    const run = this.#queue.then(async () => {
      try {
        return this.#stopped ? [] : await work();
      } finally {
        this.#queued -= 1;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #inOrder(entries: Pending[], kind: DeliveryKind): Promise<DeliveryAttempt[]> {
    const attempts: DeliveryAttempt[] = [];
    for (const entry of entries.sort((a, b) => a.eventId - b.eventId)) {
      if (this.#stopped) break;
      const subscription = this.#options.store.get(entry.requestId);
      // A retry stops as soon as an earlier one in the batch got the subscription blocked.
      if (subscription === undefined || (kind === 'retry' && subscription.blockedByErrorCount)) break;
      attempts.push(await this.#attempt(entry, kind));
    }
    return attempts;
  }

  #forget(requestId: string): DeliveryAttempt[] {
    for (const [id, entry] of this.#pending) if (entry.requestId === requestId) this.#pending.delete(id);
    return [];
  }

  async #attempt(entry: Pending, kind: DeliveryKind): Promise<DeliveryAttempt> {
    const { store, now, accept2xx, timeScale } = this.#options;
    const subscription = store.get(entry.requestId) as SandboxSubscription;
    const retry = kind === 'retry' ? entry.retries + 1 : 0;
    // Signed with the keys in force now: a retry after a key rotation carries the new signature.
    const result = await this.#transport.post(subscription.url, entry.body, {
      'Content-Type': 'application/json',
      Key: subscription.publicKey,
      Sign: sign(entry.body, subscription.secretKey),
      'User-Agent': 'calypso-sandbox',
    });
    const attemptedAtMs = now();
    const reason = failureReason(result.status, result.error, accept2xx);
    let blocked = false;
    let nextRetryAt: string | null = null;
    let dropped = false;
    if (reason === null) {
      store.recordSuccess(entry.requestId);
      this.#pending.delete(entry.eventId);
    } else if (!this.#stopped) {
      blocked = store.recordFailure(entry.requestId, attemptedAtMs);
      // INFERRED: a failed resend starts the retry schedule over, as a fresh failure would.
      const retriesDone = kind === 'retry' ? retry : 0;
      const gap = retryGapMs(retriesDone + 1, timeScale);
      if (gap === null) {
        dropped = true;
        this.#pending.delete(entry.eventId);
      } else {
        this.#pending.delete(entry.eventId);
        this.#pending.set(entry.eventId, { ...entry, retries: retriesDone, dueAtMs: attemptedAtMs + gap });
        nextRetryAt = new Date(attemptedAtMs + gap).toISOString();
        if (this.#pending.size > PENDING_LIMIT) this.#pending.delete(this.#pending.keys().next().value!);
      }
    }
    const attempt: DeliveryAttempt = {
      requestId: entry.requestId,
      url: subscription.url,
      eventId: entry.eventId,
      eventType: entry.eventType,
      kind,
      retry,
      ok: reason === null,
      status: result.status,
      error: reason,
      attemptedAt: new Date(attemptedAtMs).toISOString(),
      blocked,
      nextRetryAt,
      dropped,
    };
    this.#record(attempt, result.refused === true);
    return attempt;
  }

  #record(attempt: DeliveryAttempt, refused: boolean): void {
    this.#attempts.push(attempt);
    if (this.#attempts.length > ATTEMPT_LOG_LIMIT) this.#attempts.shift();
    const what =
      attempt.kind === 'retry'
        ? `retry ${attempt.retry} of ${RETRY_COUNT} of delivery ${attempt.eventId}`
        : `${attempt.kind} ${attempt.eventId}`;
    const outcome = attempt.ok
      ? `-> ${attempt.status} delivered`
      : `-> failed: ${refused ? 'host refused, not on this machine' : attempt.error}${
          attempt.dropped
            ? `; dropped after ${RETRY_COUNT} retries`
            : attempt.nextRetryAt === null
              ? ''
              : `; next retry at ${attempt.nextRetryAt}`
        }`;
    this.#options.log(
      `sandbox: ${what} (${attempt.eventType}) to subscription ${attempt.requestId} ${outcome}`,
    );
    if (attempt.blocked) {
      this.#options.log(`sandbox: subscription ${attempt.requestId} blocked after repeated failures`);
    }
  }
}
