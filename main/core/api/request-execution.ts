import type { AxiosInstance } from 'axios';
import type { AppError } from '../../common/errors';
import type { Credentials } from './calypso-api';
import { proxyFor } from './http-instance';
import { errorFromResponse, formatWait, parseRetryAfter } from './response-errors';
import { clockError, type ServerClock } from './server-clock';
import { BLOCK_RULE_HEADER } from './block-rule-header';
import { sign } from './signing';
import { transportFailure, type TransportFailure } from './transport-errors';

/** Beyond this skew between the timestamp sent and the server's clock, a 4xx earns one corrected retry. */
export const SKEW_RETRY_THRESHOLD_MS = 2 * 60_000;

/** One signed API call, as the operations describe it. */
export interface Call {
  operation: string;
  method: 'POST' | 'DELETE';
  path: string;
  /** Builds the envelope for a timestamp: called again for the skew retry, with the same payload. */
  envelope: (timestamp: number) => Record<string, unknown>;
  /** Whether network, timeout, 5xx and 429 failures earn retries (list only; mutations never). */
  retryable: boolean;
  signal?: AbortSignal | undefined;
}

export interface CallResult {
  status: number;
  body: string;
  /** The X-Sandbox-Block-Rule header, when the answer carries one. */
  blockRule?: string | undefined;
}

/** What the execution needs from the client's options, defaults applied. */
export interface ExecutionSettings {
  http: AxiosInstance;
  credentials: Credentials;
  clock: ServerClock;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  maxListRetries: number;
  retryBaseMs: number;
  maxRetryAfterMs: number;
  userAgent: string;
  log: (line: string) => void;
}

type AttemptResult =
  | {
      type: 'response';
      status: number;
      body: string;
      retryAfter: string | undefined;
      /** The configured host's clock offset when it was too large to adopt. */
      refusedOffsetMs: number | undefined;
      blockRule: string | undefined;
    }
  | ({ type: 'failure' } & TransportFailure);

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/**
 * Whether a response is the configured host's own answer, fit to teach the clock: never a redirect,
 * and through a proxy only when TLS ran end to end (a proxy's own error page arrives in clear).
 */
function fromConfiguredHost(status: number, request: unknown, proxied: boolean): boolean {
  if (status >= 300 && status < 400) return false;
  if (!proxied) return true;
  const socket = (request as { socket?: { encrypted?: unknown } } | undefined)?.socket;
  return socket?.encrypted === true;
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
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

/** Runs signed calls: one attempt per request, the skew retry (any call) and the transient retries (list only). */
export function createExecutor(settings: ExecutionSettings): (call: Call) => Promise<CallResult> {
  const { http, credentials, clock, timeoutMs, log } = settings;
  const host = hostOf(credentials.baseUrl);
  const proxied = proxyFor(credentials.baseUrl) !== null;
  const secrets = [credentials.apiSecret];

  function cancelled(): AppError {
    return transportFailure({ error: undefined, host, timeoutMs, timedOut: false, cancelled: true }).error;
  }

  function backoff(retry: number): number {
    return Math.round(settings.retryBaseMs * 2 ** retry * (0.5 + settings.random()));
  }

  /** Waits before a retry; a cancelled call stops waiting and ends as cancelled. */
  async function waitToRetry(call: Call, ms: number): Promise<void> {
    await waitUnlessAborted(settings.sleep, ms, call.signal);
    if (call.signal?.aborted === true) throw cancelled();
  }

  /** One request; `timeoutMs` bounds all of it, body included (axios's own timeout stops at the headers). */
  async function attempt(call: Call, timestamp: number): Promise<AttemptResult> {
    const body = JSON.stringify(call.envelope(timestamp));
    const controller = new AbortController();
    let timedOut = false;
    const deadline =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const forwardAbort = () => controller.abort();
    call.signal?.addEventListener('abort', forwardAbort, { once: true });
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
          'User-Agent': settings.userAgent,
        },
        signal: controller.signal,
      });
      const reading = fromConfiguredHost(response.status, response.request, proxied)
        ? clock.learn(headerValue(response.headers['date']))
        : undefined;
      return {
        type: 'response',
        status: response.status,
        body: typeof response.data === 'string' ? response.data : '',
        retryAfter: headerValue(response.headers['retry-after']),
        refusedOffsetMs: reading?.type === 'out-of-range' ? reading.offsetMs : undefined,
        blockRule: headerValue(response.headers[BLOCK_RULE_HEADER]),
      };
    } catch (error) {
      const cancelledByCaller = call.signal?.aborted === true;
      return {
        type: 'failure',
        ...transportFailure({ error, host, timeoutMs, timedOut, cancelled: cancelledByCaller }),
      };
    } finally {
      clearTimeout(deadline);
      call.signal?.removeEventListener('abort', forwardAbort);
    }
  }

  function responseError(call: Call, status: number, body: string, retryAfterMs: number | undefined) {
    return errorFromResponse({
      status,
      body,
      secrets,
      carriesInput: call.operation === 'create' || call.operation === 'change',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }

  return async function execute(call: Call): Promise<CallResult> {
    if (call.signal?.aborted === true) throw cancelled();
    let retries = 0;
    let skewRetried = false;
    for (;;) {
      const timestamp = Math.round(clock.serverNow());
      const result = await attempt(call, timestamp);
      if (result.type === 'failure') {
        const { error } = result;
        if (!result.permanent && call.retryable && retries < settings.maxListRetries) {
          const wait = backoff(retries);
          retries += 1;
          log(`calypso-client: ${call.operation} failed (${error.kind}); retry ${retries} in ${wait} ms`);
          await waitToRetry(call, wait);
          continue;
        }
        throw error;
      }
      const { status } = result;
      if (result.refusedOffsetMs !== undefined) {
        // A success proves our timestamp passed: the header is wrong, not our clock; keep the answer.
        if (status >= 200 && status < 300) {
          log(`calypso-client: ignored the Date header of ${host}: it is more than 15 minutes off`);
        } else {
          throw clockError(host, result.refusedOffsetMs);
        }
      }
      if (status >= 200 && status < 300) return result;
      const retryAfterMs = parseRetryAfter(result.retryAfter, clock.serverNow());
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
      const canRetry = call.retryable && retries < settings.maxListRetries;
      if (status === 429 && canRetry) {
        const wait = retryAfterMs ?? backoff(retries);
        if (wait <= settings.maxRetryAfterMs) {
          retries += 1;
          log(
            `calypso-client: Calypso is rate-limiting: retrying ${call.operation} after ${formatWait(wait)}`,
          );
          await waitToRetry(call, wait);
          continue;
        }
      }
      if (status >= 500 && canRetry) {
        // A 503 may say when to come back; within the longest wait we accept, that is the wait.
        const serverWait =
          retryAfterMs !== undefined && retryAfterMs <= settings.maxRetryAfterMs ? retryAfterMs : undefined;
        const wait = serverWait ?? backoff(retries);
        retries += 1;
        log(`calypso-client: ${call.operation} got HTTP ${status}; retry ${retries} in ${wait} ms`);
        await waitToRetry(call, wait);
        continue;
      }
      throw responseError(call, status, result.body, retryAfterMs);
    }
  };
}
