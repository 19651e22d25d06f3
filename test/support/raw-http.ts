import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCalypsoClient,
  type CalypsoClient,
  type ClientOptions,
} from '../../main/core/api/calypso-client';
import { AppError } from '../../main/core/errors';

export interface RawServer {
  url: string;
  /** Every request's method and path, in order. */
  requests: string[];
  /** TCP connections the server accepted. */
  connections: () => number;
}

const running: Server[] = [];

/**
 * A bare loopback HTTP server: what the client meets when the host is not Calypso (a proxy, a
 * wrong base URL, a broken server). `handler` runs once the request body is read. Close every
 * server a test started with `closeRawServers()` (in an `afterEach`).
 */
export async function rawServer(handler: RequestListener): Promise<RawServer> {
  const requests: string[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    request.resume();
    request.on('end', () => handler(request, response));
  });
  server.on('connection', () => (connections += 1));
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, connections: () => connections };
}

/** Headers at once, then a space every 20 ms, never the end: an answer that never goes idle. */
export const tricklingAnswer: RequestListener = (_request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.write('{"subscriptions":[');
  const drip = setInterval(() => response.write(' '), 20);
  response.on('close', () => clearInterval(drip));
};

export async function closeRawServers(): Promise<void> {
  for (const server of running.splice(0)) {
    // A response left hanging on purpose must not keep close() waiting.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A client for `url` with placeholder credentials (a raw server checks no signature). */
export function rawServerClient(url: string, options: ClientOptions = {}): CalypsoClient {
  return createCalypsoClient(
    {
      baseUrl: url,
      account: '0x0000000000000000000000000000000000000001',
      apiKey: 'key',
      apiSecret: 'secret',
    },
    options,
  );
}

/** The AppError a call rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof AppError)) throw new Error(`expected an AppError, got ${String(outcome)}`);
  return outcome;
}
