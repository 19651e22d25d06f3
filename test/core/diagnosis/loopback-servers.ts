import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { Identity } from './test-certificates';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LoopbackServer {
  /** http(s)://127.0.0.1:PORT/hook */
  url: string;
  port: number;
  received: Received[];
  /** TCP connections accepted, TLS or not. */
  connections: () => number;
}

const servers: Server[] = [];
const children: ChildProcess[] = [];

/** An HTTP(S) server on 127.0.0.1 that records each request, then lets `handler` answer it. */
export async function loopbackServer(handler: RequestListener, tls?: Identity): Promise<LoopbackServer> {
  const received: Received[] = [];
  let connections = 0;
  const listener: RequestListener = (request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
      });
      handler(request, response);
    });
  };
  const server = tls === undefined ? createServer(listener) : createHttpsServer(tls, listener);
  server.on('connection', (socket: Socket) => {
    connections += 1;
    socket.on('error', () => undefined);
  });
  // A handshake the client abandons (an untrusted certificate) is not this test's failure.
  server.on('tlsClientError', () => undefined);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}/hook`,
    port,
    received,
    connections: () => connections,
  };
}

/** Answers every request with this status (and headers). */
export function answer(status: number, headers: Record<string, string> = {}): RequestListener {
  return (_request, response) => response.writeHead(status, headers).end('{}');
}

/** A port on 127.0.0.1 where nothing listens: it was free a moment ago. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A port whose connections never complete: a listening socket with a backlog of 0 that never accepts,
 * its queue already full, so Linux drops further SYNs (Node's servers always accept, hence Python).
 */
export async function silentPort(): Promise<number> {
  const script = [
    'import socket, sys, time',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
    'port = s.getsockname()[1]',
    'fill = []',
    'for _ in range(3):',
    '    c = socket.socket(); c.setblocking(False)',
    '    try: c.connect(("127.0.0.1", port))',
    '    except BlockingIOError: pass',
    '    fill.append(c)',
    'time.sleep(0.2)',
    'print(port, flush=True)',
    'sys.stdin.read()',
  ].join('\n');
  const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(Number(line.trim())));
    child.once('error', reject);
  });
}

export async function closeLoopbackServers(): Promise<void> {
  for (const child of children.splice(0)) child.kill();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
