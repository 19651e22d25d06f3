import { hash, randomUUID } from 'node:crypto';
import { AppError } from '../../common/errors';
import type { CalypsoApi, Credentials, ListUpdate } from './calypso-api';
import { channelWireSchema, listResponseSchema, type Channel, type ChannelEdit } from './channel';
import {
  validateCreateInput,
  validateCredentials,
  validateEdit,
  validateMergedState,
  validateRequestId,
} from './request-validation';
import { parseResponse } from './response-parsing';
import { errorFromResponse, formatWait, parseRetryAfter } from './response-errors';
import {
  ATTEMPT_TIMEOUT_CODE,
  BAD_ENCODING_CODE,
  createHttpInstance,
  MAX_RESPONSE_BYTES,
  RESPONSE_TOO_LARGE_CODE,
} from './http-transport';
import { ServerClock } from './server-clock';
import { sign } from './signing';

/** The documented paths of the Calypso Webhook API. */
export const CALYPSO_PATHS = {
  list: '/api/v1/subscription/webhook',
  create: '/api/v1/subscription/webhook/create',
  change: '/api/v1/subscription/webhook/change',
  delete: '/api/v1/subscription/webhook',
  regenerateKeys: '/api/v1/subscription/webhook/api-keys/regenerate',
} as const;

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Beyond this skew between the timestamp sent and the server's clock, a 4xx earns one corrected retry. */
export const SKEW_RETRY_THRESHOLD_MS = 2 * 60_000;

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
}

/** The API plus what the client learned about the server. */
export interface CalypsoClient extends CalypsoApi {
  /** Server clock minus local clock, learned from the last response's `Date` header. */
  clockOffsetMs(): number;
}

interface Call {
  operation: string;
  method: 'POST' | 'DELETE';
  path: string;
  /** Builds the envelope for a timestamp: called again for the skew retry, with the same payload. */
  envelope: (timestamp: number) => Record<string, unknown>;
  retryable: boolean;
  signal?: AbortSignal | undefined;
}

type AttemptResult =
  | { type: 'response'; status: number; body: string; retryAfter: string | undefined }
  | { type: 'failure'; error: AppError };

function isCancelled(call: Call): boolean {
  return call.signal?.aborted === true;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `sleep(ms)`, cut short when `signal` aborts (a Retry-After can ask for a minute). */
function waitUnlessAborted(
  sleep: (ms: number) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (signal === undefined) return sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    sleep(ms).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/**
 * OpenSSL's and Node's codes for a server certificate that cannot be trusted. Behind a company
 * proxy or an antivirus that inspects HTTPS, every request fails with one of these.
 */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** Node's codes for a header name or value it refuses to send (an invisible character pasted with a key). */
const UNSENDABLE_HEADER_CODES = new Set(['ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN']);

/** A certificate outside its validity dates: most often this computer's clock is wrong. */
const CERTIFICATE_DATE_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/**
 * Creates a signed client for one merchant account. It never throws: every call resolves with
 * validated, normalized data or rejects with an AppError. Credentials are checked on each call,
 * so nothing is sent when they are incomplete.
 */
export function createCalypsoClient(credentials: Credentials, options: ClientOptions = {}): CalypsoClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxListRetries = options.maxListRetries ?? 2;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const userAgent = options.userAgent ?? 'webhook-tray';
  const log = options.log ?? (() => undefined);
  const clock = new ServerClock(now);
  const host = hostOf(credentials.baseUrl);
  const secrets = [credentials.apiSecret];
  const account = credentials.account.trim();
  const http = createHttpInstance(credentials.baseUrl);

  // Credentials are fixed for a client's life (a change makes a new client): once they pass, every
  // later call skips the check, which parsed the base URL on each poll.
  let credentialsValid = false;
  function checkCredentials(): void {
    if (credentialsValid) return;
    validateCredentials(credentials);
    credentialsValid = true;
  }

  function backoff(retry: number): number {
    return Math.round(retryBaseMs * 2 ** retry * (0.5 + random()));
  }

  /**
   * Network errors that another attempt a second later cannot fix (a certificate refused): the list
   * is not retried on them, the next poll tries again.
   */
  const permanentErrors = new WeakSet<AppError>();
  function permanent(error: AppError): AppError {
    permanentErrors.add(error);
    return error;
  }

  /** Waits before a retry; a cancelled call stops waiting and ends as cancelled. */
  async function waitToRetry(call: Call, ms: number): Promise<void> {
    await waitUnlessAborted(sleep, ms, call.signal);
    if (isCancelled(call)) throw transportError(call, undefined);
  }

  function transportError(call: Call, error: unknown): AppError {
    const code =
      error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string'
        ? error.code
        : 'connection failed';
    if (code === ATTEMPT_TIMEOUT_CODE) {
      return new AppError(
        'timeout',
        `${host} did not answer within ${formatWait(timeoutMs)}. Check the internet connection and try again; Calypso may be slow right now.`,
      );
    }
    if (isCancelled(call)) {
      return new AppError('network', `The request to ${host} was cancelled before it completed.`);
    }
    if (code === BAD_ENCODING_CODE) {
      return new AppError(
        'bad-response',
        `${host} sent a compressed answer that cannot be decompressed, which is not a Calypso response. Check the base URL in the account settings; a proxy may be altering the answers.`,
      );
    }
    if (code === RESPONSE_TOO_LARGE_CODE) {
      return new AppError(
        'bad-response',
        `${host} sent an answer larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB, which is not a Calypso response. Check the base URL in the account settings.`,
      );
    }
    if (UNSENDABLE_HEADER_CODES.has(code)) {
      return new AppError(
        'validation',
        `The request to ${host} could not be sent: the API key or another header holds a character that cannot be sent (${code}), often an invisible one copied with the key. Enter the API key again in the account settings.`,
      );
    }
    if (CERTIFICATE_DATE_CODES.has(code)) {
      return permanent(
        new AppError(
          'network',
          `The certificate of ${host} is outside its validity dates (${code}). Check this computer's date and time, then try again.`,
        ),
      );
    }
    if (UNTRUSTED_CERTIFICATE_CODES.has(code)) {
      return permanent(
        new AppError(
          'network',
          `The certificate of ${host} is not trusted (${code}). Check the base URL in the account settings. If your network inspects HTTPS (a company proxy or an antivirus), set NODE_EXTRA_CA_CERTS to its CA certificate file before starting Webhook Tray.`,
        ),
      );
    }
    return new AppError(
      'network',
      `Cannot reach ${host} (${code}). Check the internet connection and the base URL in the account settings.`,
    );
  }

  async function attempt(call: Call, timestamp: number): Promise<AttemptResult> {
    const body = JSON.stringify(call.envelope(timestamp));
    try {
      const response = await http.request<string>({
        method: call.method,
        url: call.path,
        data: body,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Key: credentials.apiKey,
          Sign: sign(body, credentials.apiSecret),
          'User-Agent': userAgent,
        },
        // The transport's deadline covers the whole attempt, body included (http-transport.ts).
        timeout: timeoutMs,
        signal: call.signal,
      });
      clock.learn(headerValue(response.headers['date']));
      return {
        type: 'response',
        status: response.status,
        body: typeof response.data === 'string' ? response.data : '',
        retryAfter: headerValue(response.headers['retry-after']),
      };
    } catch (error) {
      return { type: 'failure', error: transportError(call, error) };
    }
  }

  /** Runs a call with the skew retry (any call) and the transient retries (list only). */
  async function execute(call: Call): Promise<{ status: number; body: string }> {
    if (isCancelled(call)) throw transportError(call, undefined);
    let retries = 0;
    let skewRetried = false;
    for (;;) {
      const timestamp = Math.round(clock.serverNow());
      const result = await attempt(call, timestamp);
      let error: AppError;
      if (result.type === 'response') {
        const { status } = result;
        if (status >= 200 && status < 300) return result;
        const retryAfterMs = parseRetryAfter(result.retryAfter, clock.serverNow());
        error = errorFromResponse({
          status,
          body: result.body,
          secrets,
          carriesInput: call.operation === 'create' || call.operation === 'change',
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        });
        // The only automatic retry of a mutation: the timestamp was refused because our clock was off,
        // and this very response's Date header has just taught the correct offset.
        const skewMs = Math.abs(timestamp - clock.serverNow());
        if (status >= 400 && status < 500 && !skewRetried && skewMs > SKEW_RETRY_THRESHOLD_MS) {
          skewRetried = true;
          log(
            `calypso-client: ${call.operation} got HTTP ${status} with a clock offset of ${formatWait(Math.abs(clock.offsetMs()))}; retrying once with a corrected timestamp`,
          );
          continue;
        }
        if (status === 429 && call.retryable && retries < maxListRetries) {
          const wait = retryAfterMs ?? backoff(retries);
          if (wait <= maxRetryAfterMs) {
            retries += 1;
            log(
              `calypso-client: Calypso is rate-limiting: retrying ${call.operation} after ${formatWait(wait)}`,
            );
            await waitToRetry(call, wait);
            continue;
          }
        }
        // A 503 may say when to come back; within the longest wait we accept, that is the wait.
        const serverWait =
          retryAfterMs !== undefined && retryAfterMs <= maxRetryAfterMs ? retryAfterMs : undefined;
        if (status >= 500 && call.retryable && retries < maxListRetries) {
          const wait = serverWait ?? backoff(retries);
          retries += 1;
          log(`calypso-client: ${call.operation} got HTTP ${status}; retry ${retries} in ${wait} ms`);
          await waitToRetry(call, wait);
          continue;
        }
      } else {
        error = result.error;
        const transient =
          (error.kind === 'network' || error.kind === 'timeout') && !permanentErrors.has(error);
        if (transient && !isCancelled(call) && call.retryable && retries < maxListRetries) {
          const wait = backoff(retries);
          retries += 1;
          log(`calypso-client: ${call.operation} failed (${error.kind}); retry ${retries} in ${wait} ms`);
          await waitToRetry(call, wait);
          continue;
        }
      }
      throw error;
    }
  }

  function fetchList(signal: AbortSignal | undefined): Promise<{ status: number; body: string }> {
    checkCredentials();
    return execute({
      operation: 'list',
      method: 'POST',
      path: CALYPSO_PATHS.list,
      envelope: (timestamp) => ({ account, timestamp }),
      retryable: true,
      signal,
    });
  }

  function parseList(response: { status: number; body: string }): Channel[] {
    return parseResponse(listResponseSchema, response.body, response.status, 'a subscription list')
      .subscriptions;
  }

  async function list(listOptions: { signal?: AbortSignal } = {}): Promise<Channel[]> {
    return parseList(await fetchList(listOptions.signal));
  }

  // Most polls get the very answer of the poll before: one digest of it is cheaper than parsing and
  // validating it again, which was the client's largest cost per poll (BENCHMARKS.md, figure 1).
  async function listIfChanged(
    since: string | null,
    listOptions: { signal?: AbortSignal } = {},
  ): Promise<ListUpdate> {
    const response = await fetchList(listOptions.signal);
    const token = hash('sha256', response.body, 'base64');
    // `since` itself, not the equal new string: the caller keeps the token it has (and the new one
    // is garbage at once instead of living until the next poll).
    if (token === since) return { changed: false, token: since };
    return { changed: true, channels: parseList(response), token };
  }

  async function mutate(call: Omit<Call, 'retryable' | 'method'> & { method?: Call['method'] }) {
    return execute({ method: 'POST', ...call, retryable: false });
  }

  return {
    clockOffsetMs: () => clock.offsetMs(),

    list,

    listIfChanged,

    async create(input) {
      checkCredentials();
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
      checkCredentials();
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
      return parseResponse(channelWireSchema, response.body, response.status, 'a changed subscription');
    },

    async delete(requestId: string) {
      checkCredentials();
      validateRequestId(requestId);
      await mutate({
        operation: 'delete',
        method: 'DELETE',
        path: CALYPSO_PATHS.delete,
        envelope: (timestamp) => ({ account, timestamp, payload: { requestId } }),
      });
    },

    async regenerateKeys() {
      checkCredentials();
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
