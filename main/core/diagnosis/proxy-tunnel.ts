import { request } from 'node:http';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { proxyFor } from '../api';
import { AppError } from '../../common/errors';
import { untilAborted, type Deadline } from './deadline';

export interface Proxy {
  url: URL;
  /** scheme://host:port, without any login: what a result may show. */
  label: string;
  /** `Basic ...` when the proxy URL carries a login. */
  authorization?: string;
}

/**
 * The proxy the environment sets for `target` (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY), by the
 * API client's rule (loopback is always direct), or null.
 */
export function proxyForTarget(target: URL): Proxy | null {
  const raw = proxyFor(target.href);
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    throw new AppError(
      'validation',
      `The proxy setting "${raw}" is not a URL: fix HTTPS_PROXY or HTTP_PROXY.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError(
      'validation',
      `The proxy ${url.protocol}//${url.host} is not an http(s) proxy, which is all a diagnosis can use.`,
    );
  }
  const login =
    url.username === ''
      ? undefined
      : `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return {
    url,
    label: `${url.protocol}//${url.host}`,
    ...(login === undefined ? {} : { authorization: `Basic ${Buffer.from(login).toString('base64')}` }),
  };
}

/** The proxy's default port when its URL names none. */
export function proxyPort(proxy: Proxy): number {
  if (proxy.url.port !== '') return Number(proxy.url.port);
  return proxy.url.protocol === 'https:' ? 443 : 80;
}

/** A TLS session to an https proxy itself, verified as usual. */
export function secureToProxy(socket: Socket, proxy: Proxy, deadline: Deadline): Promise<Socket> {
  const secure = tlsConnect({ socket, servername: proxy.url.hostname });
  const done = new Promise<Socket>((resolve, reject) => {
    secure.once('secureConnect', () => resolve(secure));
    secure.once('error', reject);
  });
  return untilAborted(done, deadline.signal, () => secure.destroy());
}

/** Opens a CONNECT tunnel to `hostPort` through the proxy; rejects with the proxy's status when refused. */
export function openTunnel(
  socket: Socket,
  proxy: Proxy,
  hostPort: string,
  deadline: Deadline,
): Promise<Socket> {
  const headers: Record<string, string> = { Host: hostPort };
  if (proxy.authorization !== undefined) headers['Proxy-Authorization'] = proxy.authorization;
  const outgoing = request({ method: 'CONNECT', path: hostPort, headers, createConnection: () => socket });
  const opened = new Promise<Socket>((resolve, reject) => {
    outgoing.once('connect', (response, tunnel: Socket) => {
      if (response.statusCode === 200) resolve(tunnel);
      else reject(new Error(`the proxy answered HTTP ${response.statusCode ?? 0}`));
    });
    outgoing.once('response', (response) =>
      reject(new Error(`the proxy answered HTTP ${response.statusCode ?? 0}`)),
    );
    outgoing.once('error', reject);
  });
  outgoing.end();
  return untilAborted(opened, deadline.signal, () => outgoing.destroy());
}
