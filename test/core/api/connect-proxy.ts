import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface Tunnel {
  /** The CONNECT target as the client named it. */
  target: string;
  proxyAuthorization: string | undefined;
  /** The first bytes the client sent through the tunnel. */
  firstBytes: Buffer;
}

export interface ConnectProxy {
  url: string;
  tunnels: Tunnel[];
}

const openProxies: { close: () => Promise<void> }[] = [];

/**
 * A CONNECT proxy on loopback that sends every tunnel to `originPort` on 127.0.0.1, whatever host
 * the client asked for. With `requireAuth`, a CONNECT without that Basic login gets a 407.
 */
export async function connectProxy(originPort: number, requireAuth?: string): Promise<ConnectProxy> {
  const tunnels: Tunnel[] = [];
  const sockets = new Set<Duplex | Socket>();
  const server = createServer();
  server.on('connect', (request: IncomingMessage, client: Duplex) => {
    sockets.add(client);
    const proxyAuthorization = request.headers['proxy-authorization'];
    const tunnel: Tunnel = { target: request.url ?? '', proxyAuthorization, firstBytes: Buffer.alloc(0) };
    tunnels.push(tunnel);
    if (requireAuth !== undefined && proxyAuthorization !== `Basic ${btoa(requireAuth)}`) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const origin = connect(originPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      client.once('data', (chunk: Buffer) => (tunnel.firstBytes = chunk));
      client.pipe(origin).pipe(client);
    });
    sockets.add(origin);
    origin.on('error', () => client.destroy());
    client.on('error', () => origin.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  openProxies.push({
    close: async () => {
      // A tunnel's sockets are no longer the server's: close() would wait for them forever.
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}

/** Closes every proxy `connectProxy` started (in an `afterEach`). */
export async function closeConnectProxies(): Promise<void> {
  for (const proxy of openProxies.splice(0)) await proxy.close();
}
