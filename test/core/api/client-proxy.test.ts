import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackUrl, MAX_RESPONSE_BYTES, proxyFor } from '../../../main/core/api/http-instance';
import {
  closeRawServers,
  failure,
  rawServer,
  rawServerClient as clientOf,
  TEST_TLS,
  tricklingAnswer,
} from '../../support/raw-http';
import { closeConnectProxies, connectProxy } from './connect-proxy';

const EMPTY_LIST = JSON.stringify({ subscriptions: [] });
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((name) => [
  name,
  name.toLowerCase(),
]);

/** A TLS origin whose certificate (for localhost, self-signed) nobody here trusts. */
async function untrustedOrigin(): Promise<{ port: number; requests: string[] }> {
  const origin = await rawServer((_request, response) => response.end(EMPTY_LIST), { tls: TEST_TLS });
  return { port: Number(new URL(origin.url).port), requests: origin.requests };
}

const saved = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

beforeEach(() => {
  for (const name of PROXY_VARIABLES) delete process.env[name];
});

afterEach(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await closeConnectProxies();
  await closeRawServers();
});

describe('the client behind a proxy', () => {
  it("HTTP_PROXY: sends a remote host's requests to the proxy, never follows its redirects, bounds its answers and reads undecodable ones as bad", async () => {
    const answers = [
      (response: ServerResponse) =>
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_LIST),
      (response: ServerResponse) => response.writeHead(301, { Location: 'http://elsewhere.example/' }).end(),
      (response: ServerResponse) =>
        response
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(Buffer.alloc(MAX_RESPONSE_BYTES + 1, 0x20)),
      (response: ServerResponse) =>
        response
          .writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
          .end('{"subscriptions":[]}'),
    ];
    const proxy = await rawServer((_request, response) => answers.shift()?.(response));
    process.env.HTTP_PROXY = proxy.url;
    const client = clientOf('http://calypso.example', { maxListRetries: 0 });
    await expect(client.list()).resolves.toEqual([]);
    expect(await failure(client.list())).toMatchObject({ kind: 'rejected', status: 301 });
    const tooLarge = await failure(client.list());
    expect(tooLarge.kind).toBe('bad-response');
    expect(tooLarge.message).toContain('larger than 10 MB');
    // As on the direct path: a bad-response, and list does not retry it (retries are on here).
    const undecodable = await failure(clientOf('http://calypso.example', { retryBaseMs: 1 }).list());
    expect(undecodable.kind).toBe('bad-response');
    expect(undecodable.message).toContain('cannot be decompressed');
    // A proxy gets the absolute URL of each request; the redirect's target was never asked for.
    expect(proxy.requests).toEqual(Array(4).fill('POST http://calypso.example/api/v1/subscription/webhook'));
  });

  it('bounds the whole attempt there too: a proxy that sends headers and then trickles times out', async () => {
    const proxy = await rawServer(tricklingAnswer);
    process.env.HTTP_PROXY = proxy.url;
    const error = await failure(
      clientOf('http://calypso.example', { timeoutMs: 300, maxListRetries: 0 }).list(),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('calypso.example did not answer within');
  });

  it('HTTPS_PROXY: an https host is tunnelled with CONNECT and TLS runs end to end, so the proxy never sees the signed request', async () => {
    const origin = await untrustedOrigin();
    const proxy = await connectProxy(origin.port);
    process.env.HTTPS_PROXY = proxy.url;
    const error = await failure(clientOf('https://calypso.example', { maxListRetries: 0 }).list());
    // The certificate checked is the origin's, reached through the tunnel, for the host asked for.
    expect(error.kind).toBe('network');
    expect(error.message).toContain(
      'The certificate of calypso.example is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)',
    );
    expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual(['calypso.example:443']);
    // What crossed the proxy is a TLS handshake (record type 22) naming the host, not HTTP.
    const [tunnel] = proxy.tunnels;
    expect(tunnel!.firstBytes[0]).toBe(0x16);
    expect(tunnel!.firstBytes.includes('calypso.example')).toBe(true);
    expect(tunnel!.firstBytes.includes('POST')).toBe(false);
    expect(origin.requests).toEqual([]);
  });

  it('a proxy asking for a login (407) says so; the login in HTTPS_PROXY is then sent to the proxy', async () => {
    const origin = await untrustedOrigin();
    const proxy = await connectProxy(origin.port, 'merchant:p@ss');
    process.env.HTTPS_PROXY = proxy.url;
    const refused = await failure(clientOf('https://calypso.example', { maxListRetries: 0 }).list());
    expect(refused).toMatchObject({ kind: 'network', status: 407 });
    expect(refused.message).toContain('The proxy refused the request: it asks for a login (HTTP 407)');
    expect(refused.message).toContain('HTTPS_PROXY=http://user:password@proxy:port');
    expect(proxy.tunnels[0]!.proxyAuthorization).toBeUndefined();

    process.env.HTTPS_PROXY = proxy.url.replace('://', '://merchant:p%40ss@');
    const tunnelled = await failure(clientOf('https://calypso.example', { maxListRetries: 0 }).list());
    // Past the proxy this time: the next problem is the origin's certificate.
    expect(tunnelled.message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(proxy.tunnels[1]!.proxyAuthorization).toBe(`Basic ${btoa('merchant:p@ss')}`);
  });

  it('NO_PROXY: a host it names is reached directly, others still through the proxy', async () => {
    const origin = await untrustedOrigin();
    const proxy = await connectProxy(origin.port);
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = 'localhost,.calypso.invalid';
    expect(proxyFor('https://api.calypso.invalid')).toBeNull();
    // Directly: the name does not resolve here, and the proxy never hears of it.
    const direct = await failure(clientOf('https://api.calypso.invalid', { maxListRetries: 0 }).list());
    expect(direct.kind).toBe('network');
    expect(direct.message).toMatch(/^Cannot reach api\.calypso\.invalid \((ENOTFOUND|EAI_AGAIN)\)/);
    expect(proxy.tunnels).toEqual([]);

    expect(proxyFor('https://calypso.example')).toBe(proxy.url);
    await failure(clientOf('https://calypso.example', { maxListRetries: 0 }).list());
    expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual(['calypso.example:443']);
  });

  it('never sends the loopback sandbox through the proxy', async () => {
    const proxy = await rawServer((_request, response) => response.writeHead(502).end());
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_LIST);
    });
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY']) process.env[name] = proxy.url;
    await expect(clientOf(server.url).list()).resolves.toEqual([]);
    expect(proxy.requests).toEqual([]);
    expect(server.requests).toHaveLength(1);
    // The same rule as the profile settings (main/common/url-rules): 127/8, ::1 and localhost.
    for (const url of ['http://127.0.0.2:4010', 'http://[::1]:4010', 'http://localhost:4010']) {
      expect(isLoopbackUrl(url), url).toBe(true);
      expect(proxyFor(url), url).toBeNull();
    }
    expect(isLoopbackUrl('https://api.calypso.finance')).toBe(false);
    expect(proxyFor('https://api.calypso.finance')).toBe(proxy.url);
  });
});
