import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../common/errors';
import { BuiltInReceivers } from './built-in-receivers';
import { CalypsoEndpoints, type ApiResponse } from './calypso-endpoints';
import { CONTROL_PREFIX, handleControlRequest } from './control-routes';
import { DeliveryEngine } from './delivery-engine';
import { DEMO_THRESHOLDS, seedDemo } from './demo-seed';
import { FaultInjector, rewriteBody } from './fault-injector';
import { SubscriptionStore } from './subscription-store';
import type {
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
const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_LOG_LIMIT = 1000;
const RECEIVERS_PATH = `${CONTROL_PREFIX}/receivers/`;
/** Friendlier paths for named switchable receivers (`/_sandbox/hooks/payouts`), as the demo's webhooks use. */
const HOOKS_PATH = `${CONTROL_PREFIX}/hooks/`;

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function lowerCaseHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Starts a Calypso Webhook API simulator on 127.0.0.1: the five endpoints with Calypso's signing,
 * timestamp and account rules, real signed deliveries with Calypso's error counting and blocking,
 * built-in receivers, and controls for tests and demos under /_sandbox/.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const demo = options.seed === 'demo';
  const credentials = options.credentials ?? DEFAULT_SANDBOX_CREDENTIALS;
  const accounts = [credentials, ...(options.extraAccounts ?? [])];
  const blockAfter =
    options.blockAfter ?? (demo ? DEMO_THRESHOLDS.blockAfter : CALYPSO_THRESHOLDS.blockAfter);
  const blockWindowMs =
    options.blockWindowMs ?? (demo ? DEMO_THRESHOLDS.blockWindowMs : CALYPSO_THRESHOLDS.blockWindowMs);
  const deliveryIntervalMs =
    options.deliveryIntervalMs !== undefined
      ? options.deliveryIntervalMs
      : demo
        ? DEMO_THRESHOLDS.deliveryIntervalMs
        : null;
  const deliveryTimeoutMs =
    options.deliveryTimeoutMs ?? (demo ? DEMO_THRESHOLDS.deliveryTimeoutMs : DEFAULT_DELIVERY_TIMEOUT_MS);
  const baseNow = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);

  let clockOffsetMs = 0;
  const now = () => baseNow() + clockOffsetMs;
  const store = new SubscriptionStore(accounts, { blockAfter, blockWindowMs });
  const endpoints = new CalypsoEndpoints(store, now);
  const faults = new FaultInjector();
  const receivers = new BuiltInReceivers(options.random ?? Math.random);
  const engine = new DeliveryEngine({ store, now, timeoutMs: deliveryTimeoutMs, log });
  const recorded: RecordedRequest[] = [];
  const delayTimers = new Set<NodeJS.Timeout>();
  let baseUrl = '';
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
      log(`sandbox: subscription ${requestId} unblocked`);
      return store.unblock(requestId) ?? existing(requestId);
    },
    forceFields: (requestId, fields) => {
      existing(requestId);
      return store.force(requestId, fields) ?? existing(requestId);
    },
    ignoreChangeFields: (fields) => endpoints.ignoreChangeFields(fields),
    ignoredChangeFields: () => endpoints.ignoredChangeFields(),
    deliverNow: () => (closed ? Promise.resolve([]) : engine.round()),
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
      send(response, result.status, rewriteBody(fault.body, result.json));
      return;
    }
    send(response, result.status, result.json === undefined ? undefined : JSON.stringify(result.json));
  }

  async function handleSandboxPath(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    body: string,
  ) {
    const method = request.method ?? 'GET';
    const subpath = path.slice(CONTROL_PREFIX.length);
    const hook = path.startsWith(HOOKS_PATH) ? `switch/${path.slice(HOOKS_PATH.length)}` : null;
    if (hook !== null || (path.startsWith(RECEIVERS_PATH) && method !== 'PUT')) {
      const receiverPath = hook ?? path.slice(RECEIVERS_PATH.length);
      const behaviour = receivers.behaviourFor(receiverPath);
      if (behaviour !== undefined) {
        const delivery = {
          headers: lowerCaseHeaders(request),
          body,
          receivedAt: new Date(now()).toISOString(),
        };
        receivers.receive(receiverPath, behaviour, delivery, response);
        return;
      }
    }
    let json: unknown = undefined;
    if (body.trim().length > 0) {
      try {
        json = JSON.parse(body);
      } catch {
        send(response, 400, JSON.stringify({ message: 'The control body must be JSON' }));
        return;
      }
    }
    const answer = await handleControlRequest(control, method, subpath, json);
    send(response, answer.status, JSON.stringify(answer.json));
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    if (!isLoopback(request.socket.remoteAddress)) {
      send(response, 403, JSON.stringify({ message: 'The sandbox answers loopback clients only' }));
      return;
    }
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const body = await readBody(request);
    if (body === undefined) {
      send(response, 413, JSON.stringify({ message: 'Request body too large' }));
      return;
    }
    if (path.startsWith('/api/')) await handleApi(request, response, path, body);
    else if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      await handleSandboxPath(request, response, path, body);
    } else send(response, 404, JSON.stringify({ message: `No endpoint ${request.method ?? 'GET'} ${path}` }));
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
  const port = (server.address() as AddressInfo).port;
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

  return {
    url: baseUrl,
    port,
    credentials,
    accounts,
    control,
    close: async () => {
      if (closed) return;
      closed = true;
      if (interval !== undefined) clearInterval(interval);
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
