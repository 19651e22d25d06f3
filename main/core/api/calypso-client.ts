import { hash, randomUUID } from 'node:crypto';
import { AppError } from '../../common/errors';
import type { CalypsoApi, Credentials, ListUpdate } from './calypso-api';
import { notAppliedError, unappliedFields } from './change-verification';
import { parseBlockRuleHeader } from './block-rule-header';
import { channelWireSchema, listResponseSchema, type Channel, type ChannelEdit } from './channel';
import { createHttpInstance } from './http-instance';
import { createExecutor, type Call, type CallResult } from './request-execution';
import {
  validateCreateInput,
  validateCredentials,
  validateEdit,
  validateMergedState,
  validateRequestId,
} from './request-validation';
import { parseResponse } from './response-parsing';
import { ServerClock } from './server-clock';
import type { TrustSource } from './trust-store';

/** The documented paths of the Calypso Webhook API. */
export const CALYPSO_PATHS = {
  list: '/api/v1/subscription/webhook',
  create: '/api/v1/subscription/webhook/create',
  change: '/api/v1/subscription/webhook/change',
  delete: '/api/v1/subscription/webhook',
  regenerateKeys: '/api/v1/subscription/webhook/api-keys/regenerate',
} as const;

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface ClientOptions {
  /** Whole-request deadline per attempt (default 15 s). */
  timeoutMs?: number;
  /** Local clock (default Date.now); tests drive it. */
  now?: () => number;
  /** How the client waits between list retries (default a real timer). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  /** Retries of list on network, timeout, 5xx and 429 (default 2). Mutations are never retried. */
  maxListRetries?: number;
  /** Base of the exponential backoff between list retries (default 500 ms). */
  retryBaseMs?: number;
  /** The longest Retry-After the client waits for; beyond it the rate-limit error is returned (default 60 s). */
  maxRetryAfterMs?: number;
  userAgent?: string;
  /** Receives one line per retry; lines never carry secrets. */
  log?: (line: string) => void;
  /** The CA certificates to trust (default: the process's, which the app sets from its settings). */
  trust?: TrustSource;
}

/** The API plus what the client learned about the server. */
export interface CalypsoClient extends CalypsoApi {
  /** Server clock minus local clock, learned from the last response's `Date` header. */
  clockOffsetMs(): number;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates a signed client for one merchant account. It never throws: every call resolves with
 * validated, normalized data or rejects with an AppError. Credentials are checked on each call,
 * so nothing is sent when they are incomplete.
 */
export function createCalypsoClient(credentials: Credentials, options: ClientOptions = {}): CalypsoClient {
  const clock = new ServerClock(options.now ?? Date.now);
  const account = credentials.account.trim();
  const execute = createExecutor({
    http: createHttpInstance(credentials.baseUrl, options.trust),
    credentials,
    clock,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    maxListRetries: options.maxListRetries ?? 2,
    retryBaseMs: options.retryBaseMs ?? 500,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    userAgent: options.userAgent ?? 'webhook-tray',
    log: options.log ?? (() => undefined),
  });

  function fetchList(signal: AbortSignal | undefined): Promise<CallResult> {
    validateCredentials(credentials);
    return execute({
      operation: 'list',
      method: 'POST',
      path: CALYPSO_PATHS.list,
      envelope: (timestamp) => ({ account, timestamp }),
      retryable: true,
      signal,
    });
  }

  function parseList(response: CallResult): Channel[] {
    return parseResponse(listResponseSchema, response.body, response.status, 'a subscription list')
      .subscriptions;
  }

  async function list(listOptions: { signal?: AbortSignal } = {}): Promise<Channel[]> {
    return parseList(await fetchList(listOptions.signal));
  }

  // The token names the whole answer, so an unchanged list is told apart without being compared field by field.
  async function listIfChanged(
    since: string | null,
    listOptions: { signal?: AbortSignal } = {},
  ): Promise<ListUpdate> {
    const response = await fetchList(listOptions.signal);
    const token = hash('sha256', response.body, 'base64');
    const blockRule = parseBlockRuleHeader(response.blockRule);
    if (token === since) return { changed: false, token, blockRule };
    return { changed: true, channels: parseList(response), token, blockRule };
  }

  async function mutate(call: Omit<Call, 'retryable' | 'method'> & { method?: Call['method'] }) {
    return execute({ method: 'POST', ...call, retryable: false });
  }

  return {
    clockOffsetMs: () => clock.offsetMs(),

    list,

    listIfChanged,

    async create(input) {
      validateCredentials(credentials);
      validateCreateInput(input);
      const payload = {
        requestId: randomUUID(),
        notificationEventTypes: [...(input.notificationEventTypes ?? [])],
        notificationServiceTypes: [...(input.notificationServiceTypes ?? [])],
        url: input.url,
      };
      const response = await mutate({
        operation: 'create',
        path: CALYPSO_PATHS.create,
        envelope: (timestamp) => ({ account, timestamp, payload }),
      });
      return parseResponse(channelWireSchema, response.body, response.status, 'a created subscription');
    },

    async change(requestId: string, edit: ChannelEdit) {
      validateCredentials(credentials);
      validateRequestId(requestId);
      validateEdit(edit);
      const current = (await list()).find((channel) => channel.requestId === requestId);
      if (current === undefined) {
        throw new AppError(
          'not-found',
          `There is no subscription ${requestId} on account ${account}. Refresh the list: it may have been deleted.`,
        );
      }
      const payload = {
        requestId,
        url: edit.url ?? current.url,
        notificationEventTypes: [...(edit.notificationEventTypes ?? current.notificationEventTypes)],
        notificationServiceTypes: [...(edit.notificationServiceTypes ?? current.notificationServiceTypes)],
        enabled: edit.enabled ?? current.enabled,
      };
      validateMergedState(payload);
      const response = await mutate({
        operation: 'change',
        path: CALYPSO_PATHS.change,
        envelope: (timestamp) => ({ account, timestamp, payload }),
      });
      const changed = parseResponse(
        channelWireSchema,
        response.body,
        response.status,
        'a changed subscription',
      );
      const unapplied = unappliedFields(payload, response.body);
      if (unapplied.length > 0) throw notAppliedError(requestId, unapplied, response.status);
      return changed;
    },

    async delete(requestId: string) {
      validateCredentials(credentials);
      validateRequestId(requestId);
      await mutate({
        operation: 'delete',
        method: 'DELETE',
        path: CALYPSO_PATHS.delete,
        envelope: (timestamp) => ({ account, timestamp, payload: { requestId } }),
      });
    },

    async regenerateKeys() {
      validateCredentials(credentials);
      const response = await mutate({
        operation: 'regenerate-keys',
        method: 'DELETE',
        path: CALYPSO_PATHS.regenerateKeys,
        envelope: (timestamp) => ({ timestamp }),
      });
      return parseResponse(channelWireSchema, response.body, response.status, 'a regenerated subscription');
    },
  };
}
