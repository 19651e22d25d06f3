import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { AppError } from '../../common/errors';
import { formatHostPort, type ListenAddress } from './listen-address';

export interface MetricsServer {
  /** The address bound (the real port when 0 was asked for). */
  address: AddressInfo;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  response.end(body);
}

async function handle(registry: Registry, request: IncomingMessage, response: ServerResponse) {
  const path = (request.url ?? '/').split('?', 1)[0];
  if (path !== '/metrics' && path !== '/healthz') {
    send(response, 404, 'Not found: the exporter serves /metrics and /healthz.\n');
    return;
  }
  if (request.method !== 'GET') {
    send(response, 405, 'Method not allowed: use GET.\n', { Allow: 'GET' });
    return;
  }
  // /healthz says the process is up and serving, nothing about Calypso: calypso_webhook_up does.
  if (path === '/healthz') {
    send(response, 200, 'ok\n');
    return;
  }
  try {
    const text = await registry.metrics();
    send(response, 200, text, { 'Content-Type': registry.contentType });
  } catch (error) {
    send(
      response,
      500,
      `Collecting the metrics failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

function listenProblem(error: NodeJS.ErrnoException, where: string): AppError {
  const code = error.code ?? '';
  const why =
    code === 'EADDRINUSE'
      ? `${where} is already in use: stop what listens there, or give another --listen address`
      : code === 'EACCES'
        ? `listening on ${where} is not permitted (ports below 1024 need privileges): give another --listen port`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `${where} is not an address of this machine: give one of its addresses, or :PORT for every interface`
          : `cannot listen on ${where} (${code || error.message})`;
  return new AppError('validation', `Cannot serve the metrics: ${why}.`, { cause: error });
}

/**
 * Serves `GET /metrics` (the registry in Prometheus text format) and `GET /healthz` ("ok" while
 * the process serves); any other path is 404, any other method 405. A listen address taken,
 * forbidden or not local is a `validation` error: the operator's input is what must change.
 */
export function serveMetrics(registry: Registry, listen: ListenAddress): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => void handle(registry, request, response));
  const where = listen.host === undefined ? `port ${listen.port}` : formatHostPort(listen.host, listen.port);
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenProblem(error, where)));
    server.listen({ host: listen.host, port: listen.port }, () => {
      resolve({
        address: server.address() as AddressInfo,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Prometheus keeps its scrape connection open: it must not hold the shutdown up.
            server.closeAllConnections();
          }),
      });
    });
  });
}
