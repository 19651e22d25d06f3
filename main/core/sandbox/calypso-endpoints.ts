import { randomBytes } from 'node:crypto';
import { toCalypsoWireDate } from '../api';
import { verifySignature } from '../api';
import type { BlockingRule, SubscriptionStore } from './subscription-store';
import type { ChangeField, SandboxCredentials, SandboxSubscription } from './types';

/** Calypso accepts a timestamp within 3 minutes of its clock, in either direction. */
export const TIMESTAMP_WINDOW_MS = 3 * 60_000;

const PATHS = {
  webhook: '/api/v1/subscription/webhook',
  create: '/api/v1/subscription/webhook/create',
  change: '/api/v1/subscription/webhook/change',
  regenerate: '/api/v1/subscription/webhook/api-keys/regenerate',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApiRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** An answer: JSON when `json` is set, an empty body otherwise. */
export interface ApiResponse {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

/**
 * SANDBOX-ONLY header on the list call (Calypso sends nothing like it): the blocking rule in force,
 * `failures=<F>; window=<S>` = blocked at the F-th failure (more than F-1) within S seconds with no
 * success. Calypso's own rule reads `failures=101; window=600`.
 */
export const BLOCK_RULE_HEADER = 'X-Sandbox-Block-Rule';

export function formatBlockRule(rule: BlockingRule): string {
  return `failures=${rule.blockAfter + 1}; window=${rule.blockWindowMs / 1000}`;
}

/** INFERRED: Calypso's error codes are not listed in the docs; these name the sandbox's rule by status. */
const ERROR_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** An error in Calypso's documented body shape, `{traceId, errorCode, message}`. */
function fail(status: number, message: string): ApiResponse {
  const traceId = randomBytes(16).toString('hex');
  return { status, json: { traceId, errorCode: ERROR_CODES[status] ?? 'ERROR', message } };
}

/**
 * Strips the owner, which is the sandbox's bookkeeping, not part of Calypso's channel, and writes the
 * dates as Calypso writes them: UTC without a zone, microseconds (INFERRED for channels: the documented
 * form of delivery dates).
 */
function toWire(subscription: SandboxSubscription): Record<string, unknown> {
  const { account: _account, ...channel } = subscription;
  return {
    ...channel,
    createdDate: toCalypsoWireDate(channel.createdDate),
    errorFirstDate: toCalypsoWireDate(channel.errorFirstDate),
    errorLastDate: toCalypsoWireDate(channel.errorLastDate),
  };
}

type Body = Record<string, unknown>;
type Handler = (body: Body, caller: SandboxCredentials) => ApiResponse;

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function payloadOf(body: Body): Body | undefined {
  const payload = body.payload;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  return payload as Body;
}

/**
 * The five Calypso Webhook API endpoints with Calypso's rules, checked in the order a gateway
 * would: known Key, valid Sign over the raw bytes, JSON body, timestamp window, account ownership.
 */
export class CalypsoEndpoints {
  readonly #store: SubscriptionStore;
  readonly #now: () => number;
  readonly #routes: Record<string, Handler>;
  readonly #rule: BlockingRule;
  #ignoredChangeFields = new Set<ChangeField>();

  constructor(store: SubscriptionStore, now: () => number, rule: BlockingRule) {
    this.#store = store;
    this.#now = now;
    this.#rule = rule;
    this.#routes = {
      [`POST ${PATHS.webhook}`]: (body, caller) => this.#list(body, caller),
      [`DELETE ${PATHS.webhook}`]: (body, caller) => this.#delete(body, caller),
      [`POST ${PATHS.create}`]: (body, caller) => this.#create(body, caller),
      [`POST ${PATHS.change}`]: (body, caller) => this.#change(body, caller),
      [`DELETE ${PATHS.regenerate}`]: (_body, caller) => this.#regenerate(caller),
    };
  }

  /** A test control: `change` keeps these fields as they were while still answering 200. */
  ignoreChangeFields(fields: readonly ChangeField[]): void {
    this.#ignoredChangeFields = new Set(fields);
  }

  ignoredChangeFields(): ChangeField[] {
    return [...this.#ignoredChangeFields];
  }

  handle(request: ApiRequest): ApiResponse {
    const route = this.#routes[`${request.method} ${request.path}`];
    if (route === undefined) {
      const known = Object.keys(this.#routes).some((key) => key.endsWith(` ${request.path}`));
      return known
        ? fail(405, `Method ${request.method} is not allowed on ${request.path}`)
        : fail(404, `No endpoint ${request.method} ${request.path}`);
    }
    const apiKey = request.headers['key'];
    if (apiKey === undefined || apiKey.length === 0) return fail(401, 'Missing Key header');
    const caller = this.#store.accountForKey(apiKey);
    if (caller === undefined) return fail(401, 'Unknown API key');
    const signature = request.headers['sign'];
    if (signature === undefined || signature.length === 0) return fail(401, 'Missing Sign header');
    if (!verifySignature(request.body, caller.apiSecret, signature)) return fail(401, 'Invalid signature');
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return fail(415, 'Content-Type must be application/json');
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return fail(400, 'Malformed JSON body');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return fail(400, 'The body must be a JSON object');
    }
    const record = body as Body;
    const timestamp = record.timestamp;
    if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
      return fail(400, 'timestamp is required: Unix time in milliseconds');
    }
    if (Math.abs(timestamp - this.#now()) > TIMESTAMP_WINDOW_MS) {
      return fail(400, 'Request timestamp is outside the allowed window of 3 minutes around server time');
    }
    return route(record, caller);
  }

  #checkAccount(body: Body, caller: SandboxCredentials): ApiResponse | undefined {
    if (typeof body.account !== 'string' || body.account.length === 0)
      return fail(400, 'account is required');
    if (body.account !== caller.account) return fail(403, 'The account does not belong to this API key');
    return undefined;
  }

  /** The checks change and delete share: the caller's account, a payload, a subscription it owns. */
  #target(
    body: Body,
    caller: SandboxCredentials,
  ): { payload: Body; current: SandboxSubscription } | ApiResponse {
    const denied = this.#checkAccount(body, caller);
    if (denied !== undefined) return denied;
    const payload = payloadOf(body);
    if (payload === undefined) return fail(400, 'payload is required');
    const current = this.#owned(payload.requestId, caller);
    if ('status' in current) return current;
    return { payload, current };
  }

  #owned(requestId: unknown, caller: SandboxCredentials): SandboxSubscription | ApiResponse {
    if (typeof requestId !== 'string' || requestId.length === 0)
      return fail(400, 'payload.requestId is required');
    const subscription = this.#store.get(requestId);
    if (subscription === undefined || subscription.account !== caller.account) {
      return fail(404, `Webhook subscription ${requestId} not found`);
    }
    return subscription;
  }

  #list(body: Body, caller: SandboxCredentials): ApiResponse {
    const denied = this.#checkAccount(body, caller);
    if (denied !== undefined) return denied;
    return {
      status: 200,
      json: { subscriptions: this.#store.list(caller.account).map(toWire) },
      headers: { [BLOCK_RULE_HEADER]: formatBlockRule(this.#rule) },
    };
  }

  #create(body: Body, caller: SandboxCredentials): ApiResponse {
    const denied = this.#checkAccount(body, caller);
    if (denied !== undefined) return denied;
    const payload = payloadOf(body);
    if (payload === undefined) return fail(400, 'payload is required');
    const { requestId, url } = payload;
    const events = payload.notificationEventTypes ?? [];
    const services = payload.notificationServiceTypes ?? [];
    if (typeof requestId !== 'string' || !UUID.test(requestId))
      return fail(400, 'payload.requestId must be a UUID');
    if (!isHttpUrl(url)) return fail(400, 'payload.url must be an absolute http(s) URL');
    if (!isStringList(events) || !isStringList(services)) {
      return fail(400, 'notificationEventTypes and notificationServiceTypes must be arrays of strings');
    }
    if (events.length === 0 && services.length === 0) {
      return fail(400, 'At least one of notificationEventTypes or notificationServiceTypes is required');
    }
    if (this.#store.get(requestId) !== undefined) {
      return fail(400, `A webhook subscription with requestId ${requestId} already exists`);
    }
    const created = this.#store.add(
      {
        account: caller.account,
        requestId,
        url,
        notificationEventTypes: events,
        notificationServiceTypes: services,
      },
      this.#now(),
    );
    return { status: 200, json: toWire(created) };
  }

  #change(body: Body, caller: SandboxCredentials): ApiResponse {
    const target = this.#target(body, caller);
    if ('status' in target) return target;
    const { payload, current } = target;
    const requested = { ...payload };
    for (const field of this.#ignoredChangeFields) delete requested[field];
    const { url, notificationEventTypes: events, notificationServiceTypes: services, enabled } = requested;
    if (url !== undefined && !isHttpUrl(url)) return fail(400, 'payload.url must be an absolute http(s) URL');
    if (
      (events !== undefined && !isStringList(events)) ||
      (services !== undefined && !isStringList(services))
    ) {
      return fail(400, 'notificationEventTypes and notificationServiceTypes must be arrays of strings');
    }
    if (enabled !== undefined && typeof enabled !== 'boolean')
      return fail(400, 'payload.enabled must be a boolean');
    const nextEvents = events ?? current.notificationEventTypes;
    const nextServices = services ?? current.notificationServiceTypes;
    if (nextEvents.length === 0 && nextServices.length === 0) {
      return fail(400, 'At least one of notificationEventTypes or notificationServiceTypes is required');
    }
    // Fields left out are kept: the sandbox reads a partial change as "unchanged". The client sends
    // the complete state anyway, so it is right either way. Enabling does not lift a block: only the
    // dashboard does (the unblock control).
    const changed = this.#store.update(current.requestId, {
      url: url ?? current.url,
      notificationEventTypes: nextEvents,
      notificationServiceTypes: nextServices,
      enabled: enabled ?? current.enabled,
    });
    return changed === undefined
      ? fail(404, 'Webhook subscription not found')
      : { status: 200, json: toWire(changed) };
  }

  #delete(body: Body, caller: SandboxCredentials): ApiResponse {
    const target = this.#target(body, caller);
    if ('status' in target) return target;
    this.#store.remove(target.current.requestId);
    return { status: 200 };
  }

  /**
   * INFERRED semantics (the docs give only the body, `{timestamp}`): webhook signing keys belong to
   * the account, which the Key header identifies. Regenerating rotates publicKey/secretKey of every
   * subscription of that account and answers with one channel, the newest, carrying the new keys.
   * An account without subscriptions has no keys to rotate: 404.
   */
  #regenerate(caller: SandboxCredentials): ApiResponse {
    const newest = this.#store.rotateKeys(caller.account);
    if (newest === undefined) {
      return fail(404, 'No webhook subscription on this account: create one before regenerating keys');
    }
    return { status: 200, json: toWire(newest) };
  }
}
