import http from 'node:http';
import https from 'node:https';
import { isLoopbackHost } from '../../common/url-rules';
import { sign } from '../api/signing';
import type { SubscriptionStore } from './subscription-store';
import type { DeliveryAttempt, SandboxSubscription } from './types';
import { buildWebhookEvent } from './webhook-events';

/** How many attempts the delivery log keeps for inspection. */
const ATTEMPT_LOG_LIMIT = 1000;

export interface DeliveryEngineOptions {
  store: SubscriptionStore;
  now: () => number;
  timeoutMs: number;
  log: (line: string) => void;
  /** Deliver to any host, not only to this machine (`--allow-remote-delivery`). */
  allowRemote: boolean;
}

interface PostResult {
  status: number | null;
  error: string | null;
}

/**
 * Sends signed events to subscriptions the way Calypso does, and feeds each outcome to the
 * store's error counting and blocking rule. Rounds run one at a time, so one subscription never
 * has two deliveries racing to update its counts.
 */
export class DeliveryEngine {
  readonly #options: DeliveryEngineOptions;
  readonly #inFlight = new Set<http.ClientRequest>();
  readonly #attempts: DeliveryAttempt[] = [];
  /** Hosts already logged as refused, so a periodic round logs each once, not every tick. */
  readonly #refusedHosts = new Set<string>();
  #sequence = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #pending = 0;
  #stopped = false;

  constructor(options: DeliveryEngineOptions) {
    this.#options = options;
  }

  /** Whether a round is running or queued (the periodic timer skips its tick then). */
  busy(): boolean {
    return this.#pending > 0;
  }

  attempts(): DeliveryAttempt[] {
    return this.#attempts.map((attempt) => ({ ...attempt }));
  }

  /** Queues one round: one event to every enabled, unblocked subscription. */
  round(): Promise<DeliveryAttempt[]> {
    this.#pending += 1;
    const run = this.#queue.then(async () => {
      try {
        if (this.#stopped) return [];
        const targets = this.#options.store.deliverable();
        return await Promise.all(targets.map((subscription) => this.#deliver(subscription)));
      } finally {
        this.#pending -= 1;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Aborts deliveries in flight; later rounds do nothing. */
  stop(): void {
    this.#stopped = true;
    for (const request of this.#inFlight) request.destroy(new Error('sandbox closed'));
    this.#inFlight.clear();
  }

  async #deliver(subscription: SandboxSubscription): Promise<DeliveryAttempt> {
    const { store, now, log } = this.#options;
    const event = buildWebhookEvent(subscription, now(), this.#sequence++);
    const body = JSON.stringify(event);
    const result = await this.#post(subscription.url, body, {
      'Content-Type': 'application/json',
      Key: subscription.publicKey,
      Sign: sign(body, subscription.secretKey),
      'User-Agent': 'calypso-sandbox',
    });
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const attemptedAtMs = now();
    let blocked = false;
    if (ok) store.recordSuccess(subscription.requestId);
    else if (!this.#stopped) blocked = store.recordFailure(subscription.requestId, attemptedAtMs);
    if (blocked) log(`sandbox: subscription ${subscription.requestId} blocked after repeated failures`);
    const attempt: DeliveryAttempt = {
      requestId: subscription.requestId,
      url: subscription.url,
      eventId: event.id,
      eventType: event.eventType,
      ok,
      status: result.status,
      error: result.error,
      attemptedAt: new Date(attemptedAtMs).toISOString(),
      blocked,
    };
    this.#attempts.push(attempt);
    if (this.#attempts.length > ATTEMPT_LOG_LIMIT) this.#attempts.shift();
    return attempt;
  }

  #refuse(host: string): string {
    const error = `not delivered to ${host}: the sandbox delivers only to this machine (127.0.0.0/8, ::1, localhost) unless started with --allow-remote-delivery`;
    if (!this.#refusedHosts.has(host)) {
      this.#refusedHosts.add(host);
      this.#options.log(`sandbox: ${error}`);
    }
    return error;
  }

  #post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: null, error: 'invalid URL' });
        return;
      }
      const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
      if (transport === undefined) {
        resolve({ status: null, error: `unsupported protocol ${target.protocol}` });
        return;
      }
      // Decided on the URL alone, before any DNS lookup or connection: a name is only trusted
      // as this machine when it is `localhost`.
      if (!this.#options.allowRemote && !isLoopbackHost(target.hostname)) {
        resolve({ status: null, error: this.#refuse(target.host) });
        return;
      }
      let settled = false;
      const finish = (result: PostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#inFlight.delete(request);
        resolve(result);
      };
      // A fresh socket per delivery: nothing lingers in a keep-alive pool when the sandbox closes.
      const request = transport.request(target, {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      });
      this.#inFlight.add(request);
      const timer = setTimeout(() => {
        finish({ status: null, error: `no answer within ${this.#options.timeoutMs} ms` });
        request.destroy();
      }, this.#options.timeoutMs);
      request.on('response', (response) => {
        response.resume();
        finish({ status: response.statusCode ?? null, error: null });
      });
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish({ status: null, error: error.code ?? error.message }),
      );
      request.end(body);
    });
  }
}
