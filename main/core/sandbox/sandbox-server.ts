import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../common/errors';
import { BuiltInReceivers } from './built-in-receivers';
import { CalypsoEndpoints, type ApiResponse } from './calypso-endpoints';
import { CONTROL_PREFIX, handleControlRequest } from './control-routes';
import { DeliveryEngine } from './delivery-engine';
import { DEMO_THRESHOLDS, seedDemo } from './demo-seed';
import { FaultInjector, rewriteBody } from './fault-injector';
import { lowerCaseHeaders, readBody } from './incoming-request';
import {
  TOKEN_REFUSAL,
  addressRefusal,
  carriesToken,
  createControlToken,
  isLoopbackPeer,
} from './request-guard';
import { SubscriptionStore } from './subscription-store';
import type {
  ReceiverBehaviour,
  RecordedRequest,
  RunningSandbox,
  SandboxControl,
  SandboxCredentials,
  SandboxOptions,
  SandboxSubscription,
} from './types';

/** Fixed credentials of the sandbox's main account: safe to print, they only open the sandbox. */
export const DEFAULT_SANDBOX_CREDENTIALS: SandboxCredentials = Object.freeze({
  apiKey: 'sandbox-api-key-4f6c2a9e',
  apiSecret: 'b0c4d3e2f1a09876543210fedcba9876',
  account: '0x5a4db0c1e2f3a4b5c6d7e8f90123456789abcdef',
});

/** Calypso's own thresholds: blocked after more than 100 failures within 10 minutes. */
export const CALYPSO_THRESHOLDS = { blockAfter: 100, blockWindowMs: 10 * 60_000 } as const;

const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
const REQUEST_LOG_LIMIT = 1000;
const RETRY_TICK_MS = 100;
const RECEIVERS_PATH = `${CONTROL_PREFIX}/receivers/`;
/** Friendlier paths for named switchable receivers (`/_sandbox/hooks/payouts`), as the demo's webhooks use. */
const HOOKS_PATH = `${CONTROL_PREFIX}/hooks/`;

/**
 * Starts a Calypso Webhook API simulator on 127.0.0.1: the five endpoints with Calypso's signing,
 * timestamp and account rules, real signed deliveries with Calypso's error counting and blocking,
 * built-in receivers, and controls for tests and demos under /_sandbox/ behind a per-run token.
 * Every request must name the sandbox itself as Host and carry no Origin (no web page drives it).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const demo = options.seed === 'demo';
  const credentials = options.credentials ?? DEFAULT_SANDBOX_CREDENTIALS;
  const accounts = [credentials, ...(options.extraAccounts ?? [])];
  const blockAfter =
    options.blockAfter ?? (demo ? DEMO_THRESHOLDS.blockAfter : CALYPSO_THRESHOLDS.blockAfter);
  const blockWindowMs =
    options.blockWindowMs ?? (demo ? DEMO_THRESHOLDS.blockWindowMs : CALYPSO_THRESHOLDS.blockWindowMs);
  const timeScale = options.timeScale ?? (demo ? DEMO_THRESHOLDS.timeScale : 1);
  const unscaledIntervalMs =
    options.deliveryIntervalMs !== undefined
      ? options.deliveryIntervalMs
      : demo
        ? DEMO_THRESHOLDS.deliveryIntervalMs
        : null;
  const deliveryIntervalMs = unscaledIntervalMs === null ? null : unscaledIntervalMs / timeScale;
  const deliveryTimeoutMs =
    options.deliveryTimeoutMs ?? (demo ? DEMO_THRESHOLDS.deliveryTimeoutMs : DEFAULT_DELIVERY_TIMEOUT_MS);
  const baseNow = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);

  let clockOffsetMs = 0;
  const now = () => baseNow() + clockOffsetMs;
  const store = new SubscriptionStore(accounts, { blockAfter, blockWindowMs });
  const endpoints = new CalypsoEndpoints(store, now, { blockAfter, blockWindowMs });
  const faults = new FaultInjector();
  const receivers = new BuiltInReceivers(options.random ?? Math.random);
  const engine = new DeliveryEngine({
    store,
    now,
    timeoutMs: deliveryTimeoutMs,
    log,
    allowRemote: options.allowRemoteDelivery === true,
    timeScale,
    accept2xx: options.accept2xx === true,
  });
  const controlToken = createControlToken();
  const recorded: RecordedRequest[] = [];
  const delayTimers = new Set<NodeJS.Timeout>();
  let baseUrl = '';
  let port = 0;
  let closed = false;

  function existing(requestId: string): SandboxSubscription {
    const subscription = store.get(requestId);
    if (subscription === undefined) {
      throw new AppError('not-found', `The sandbox has no subscription ${requestId}.`);
    }
    return subscription;
  }

  const control: SandboxControl = {
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    setClockOffset: (offsetMs) => {
      clockOffsetMs = offsetMs;
    },
    clockOffsetMs: () => clockOffsetMs,
    now,
    subscriptions: (account) => store.list(account),
    addSubscription: (seed) => {
      const account = seed.account ?? credentials.account;
      if (!store.hasAccount(account))
        throw new AppError('validation', `The sandbox has no account ${account}.`);
      return store.add({ ...seed, account }, now());
    },
    unblock: (requestId) => {
      existing(requestId);
      const waiting = engine.pendingCount(requestId);
      log(
        `sandbox: subscription ${requestId} unblocked; resending its ${waiting} failed deliveries in order`,
      );
      const unblocked = store.unblock(requestId) ?? existing(requestId);
      if (!closed) void engine.resend(requestId);
      return unblocked;
    },
    forceFields: (requestId, fields) => {
      existing(requestId);
      return store.force(requestId, fields) ?? existing(requestId);
    },
    ignoreChangeFields: (fields) => endpoints.ignoreChangeFields(fields),
    ignoredChangeFields: () => endpoints.ignoredChangeFields(),
    deliverNow: () => (closed ? Promise.resolve([]) : engine.round()),
    retryDue: () => (closed ? Promise.resolve([]) : engine.retryDue()),
    settled: () => engine.idle(),
    deliveries: () => engine.attempts(),
    requests: () => recorded.map((entry) => ({ ...entry, headers: { ...entry.headers } })),
    clearRequests: () => {
      recorded.length = 0;
    },
    setReceiver: (name, behaviour) => receivers.setBehaviour(name, behaviour),
    receiverUrl: (kind) => `${baseUrl}${RECEIVERS_PATH}${kind}`,
    switchUrl: (name) => `${baseUrl}${RECEIVERS_PATH}switch/${encodeURIComponent(name)}`,
    received: () => receivers.received(),
  };

  function send(
    response: ServerResponse,
    status: number,
    body: string | undefined,
    extra: Record<string, string> = {},
  ) {
    // The Date header carries the sandbox clock, skew included, as Calypso's servers carry theirs.
    response.setHeader('Date', new Date(now()).toUTCString());
    for (const [name, value] of Object.entries(extra)) response.setHeader(name, value);
    if (body === undefined) {
      response.writeHead(status, { 'Content-Length': '0' });
      response.end();
      return;
    }
    response.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    });
    response.end(body);
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        delayTimers.delete(timer);
        resolve();
      }, ms);
      delayTimers.add(timer);
    });
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string, body: string) {
    const headers = lowerCaseHeaders(request);
    const method = request.method ?? 'GET';
    recorded.push({ method, path, headers, body, receivedAt: new Date(now()).toISOString() });
    if (recorded.length > REQUEST_LOG_LIMIT) recorded.shift();
    const fault = faults.take(path);
    if (fault?.delayMs !== undefined) await delay(fault.delayMs);
    if (closed || fault?.hang === true) return;
    if (fault?.status !== undefined) {
      log(`sandbox: ${method} ${path} -> ${fault.status} (injected fault)`);
      const extra: Record<string, string> =
        fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter };
      const message = fault.message ?? http.STATUS_CODES[fault.status] ?? 'Injected fault';
      const { errorCode, traceId } = fault;
      send(response, fault.status, JSON.stringify({ traceId, errorCode, message }), extra);
      return;
    }
    const result: ApiResponse = endpoints.handle({ method, path, headers, body });
    log(`sandbox: ${method} ${path} -> ${result.status}`);
    const ok = result.status >= 200 && result.status < 300;
    if (fault?.body !== undefined && ok) {
      send(response, result.status, rewriteBody(fault.body, result.json), result.headers);
      return;
    }
    const json = result.json === undefined ? undefined : JSON.stringify(result.json);
    send(response, result.status, json, result.headers);
  }

  /** The receiver behind a /_sandbox/ path (named hooks included), or null for a control route. */
  function receiverFor(method: string, path: string): { path: string; behaviour: ReceiverBehaviour } | null {
    const hook = path.startsWith(HOOKS_PATH) ? `switch/${path.slice(HOOKS_PATH.length)}` : null;
    if (hook === null && !(path.startsWith(RECEIVERS_PATH) && method !== 'PUT')) return null;
    const receiverPath = hook ?? path.slice(RECEIVERS_PATH.length);
    const behaviour = receivers.behaviourFor(receiverPath);
    return behaviour === undefined ? null : { path: receiverPath, behaviour };
  }

  async function handleControl(response: ServerResponse, method: string, path: string, body: string) {
    let json: unknown = undefined;
    if (body.trim().length > 0) {
      try {
        json = JSON.parse(body);
      } catch {
        send(response, 400, JSON.stringify({ message: 'The control body must be JSON' }));
        return;
      }
    }
    const answer = await handleControlRequest(control, method, path.slice(CONTROL_PREFIX.length), json);
    send(response, answer.status, JSON.stringify(answer.json));
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    if (!isLoopbackPeer(request.socket.remoteAddress)) {
      send(response, 403, JSON.stringify({ message: 'The sandbox answers loopback clients only' }));
      return;
    }
    const refusal = addressRefusal(request.headers, port);
    if (refusal !== null) {
      send(response, 403, JSON.stringify({ message: refusal }), { Connection: 'close' });
      return;
    }
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const isSandboxPath = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
    const receiver = isSandboxPath ? receiverFor(method, path) : null;
    // Receivers take deliveries, which carry no token; every other /_sandbox/ path is a control.
    if (isSandboxPath && receiver === null && !carriesToken(request.headers, controlToken)) {
      send(response, 401, JSON.stringify({ message: TOKEN_REFUSAL }), {
        'WWW-Authenticate': 'Bearer realm="sandbox"',
        Connection: 'close',
      });
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      send(response, 413, JSON.stringify({ message: 'Request body too large' }));
      return;
    }
    if (receiver !== null) {
      const delivery = {
        headers: lowerCaseHeaders(request),
        body,
        receivedAt: new Date(now()).toISOString(),
      };
      receivers.receive(receiver.path, receiver.behaviour, delivery, response);
    } else if (isSandboxPath) await handleControl(response, method, path, body);
    else if (path.startsWith('/api/')) await handleApi(request, response, path, body);
    else send(response, 404, JSON.stringify({ message: `No endpoint ${method} ${path}` }));
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof AppError && error.kind === 'not-found' ? 404 : 500;
      const message = error instanceof Error ? error.message : 'Sandbox internal error';
      log(`sandbox: ${request.method ?? 'GET'} ${request.url ?? ''} failed: ${message}`);
      if (!response.headersSent && !response.destroyed) send(response, status, JSON.stringify({ message }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  if (demo) {
    seedDemo(
      control,
      credentials.account,
      blockAfter,
      (name) => `${baseUrl}${HOOKS_PATH}${encodeURIComponent(name)}`,
    );
  }

  const interval =
    deliveryIntervalMs === null
      ? undefined
      : setInterval(() => {
          if (!engine.busy()) void engine.round();
        }, deliveryIntervalMs);
  interval?.unref();
  // Retries follow their own due times; a short tick keeps a scaled first retry close to its time.
  const retryTicker =
    deliveryIntervalMs === null
      ? undefined
      : setInterval(() => {
          if (!engine.busy()) void engine.retryDue();
        }, RETRY_TICK_MS);
  retryTicker?.unref();

  return {
    url: baseUrl,
    port,
    credentials,
    accounts,
    control,
    controlToken,
    close: async () => {
      if (closed) return;
      closed = true;
      if (interval !== undefined) clearInterval(interval);
      if (retryTicker !== undefined) clearInterval(retryTicker);
      for (const timer of delayTimers) clearTimeout(timer);
      delayTimers.clear();
      engine.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
