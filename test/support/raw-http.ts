import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  createCalypsoClient,
  type CalypsoClient,
  type ClientOptions,
} from '../../main/core/api/calypso-client';
import { AppError } from '../../main/common/errors';

export interface RawServer {
  url: string;
  /** Every request's method and path, in order. */
  requests: string[];
  /** TCP connections the server accepted. */
  connections: () => number;
}

const running: Server[] = [];

export interface TlsIdentity {
  cert: string;
  key: string;
}

function tlsIdentity(name: string): TlsIdentity {
  return {
    cert: readFileSync(join(__dirname, 'tls', `${name}-cert.pem`), 'utf8'),
    key: readFileSync(join(__dirname, 'tls', `${name}-key.pem`), 'utf8'),
  };
}

/**
 * A self-signed certificate for `localhost` and 127.0.0.1, valid until 2126, made for these tests
 * (`openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
 * -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"`). Nothing trusts it unless a test says so.
 */
export const TEST_TLS = tlsIdentity('localhost');

/** The same names, valid only in the year 2000 (`openssl ca -selfsign -startdate ... -enddate ...`). */
export const EXPIRED_TEST_TLS = tlsIdentity('expired-localhost');

/**
 * A bare loopback HTTP server: what the client meets when the host is not Calypso (a proxy, a
 * wrong base URL, a broken server). `handler` runs once the request body is read. With `tls`, it
 * speaks HTTPS with that certificate, at https://localhost. Close every server a test started
 * with `closeRawServers()` (in an `afterEach`).
 */
export async function rawServer(
  handler: RequestListener,
  options: { tls?: TlsIdentity } = {},
): Promise<RawServer> {
  const requests: string[] = [];
  let connections = 0;
  const listener: RequestListener = (request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    request.resume();
    request.on('end', () => handler(request, response));
  };
  const { tls } = options;
  const server: Server = tls === undefined ? createServer(listener) : createTlsServer(tls, listener);
  server.on(tls === undefined ? 'connection' : 'secureConnection', () => (connections += 1));
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = tls === undefined ? `http://127.0.0.1:${port}` : `https://localhost:${port}`;
  return { url: origin, requests, connections: () => connections };
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

export interface RawRequest {
  method: string;
  /** Sent as written, unnormalised: `/_sandbox/receivers/../state` stays that. */
  path: string;
  /** Sent as given and nothing else (no Host unless listed), plus Connection: close and Content-Length. */
  headers?: Record<string, string>;
  body?: string;
  /** 'HTTP/1.1' unless given; HTTP/1.0 lets a request leave out Host. */
  version?: 'HTTP/1.0' | 'HTTP/1.1';
}

export interface RawAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** Undoes chunked transfer coding (a Node server uses it when a handler sets no Content-Length). */
function unchunk(raw: string): string {
  let rest = raw;
  let body = '';
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (lineEnd < 0 || !Number.isFinite(size) || size === 0) return body;
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

/**
 * Writes one HTTP request byte for byte to 127.0.0.1:`port` and reads the answer until the server
 * closes: any Host (or none) and any Origin, which fetch and Node's client would not send as given.
 */
export function rawRequest(port: number, request: RawRequest): Promise<RawAnswer> {
  const body = request.body ?? '';
  const headers = {
    ...request.headers,
    Connection: 'close',
    'Content-Length': String(Buffer.byteLength(body)),
  };
  const head = [
    `${request.method} ${request.path} ${request.version ?? 'HTTP/1.1'}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
      const answerHeaders: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        answerHeaders[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rawBody = text.slice(split + 4);
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers: answerHeaders,
        body: answerHeaders['transfer-encoding'] === 'chunked' ? unchunk(rawBody) : rawBody,
      });
    });
    socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
}
