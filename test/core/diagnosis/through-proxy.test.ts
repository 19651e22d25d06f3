/**
 * Proxy settings honoured: an https webhook through a CONNECT proxy on loopback (TLS end to end with
 * the webhook's host name), an http one sent to the proxy, and the address rule through a proxy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkConnection, diagnoseUrl } from '../../../main/core/diagnosis';
import { closeConnectProxies, connectProxy } from '../api/connect-proxy';
import { answer, closeLoopbackServers, loopbackServer } from './loopback-servers';

const TLS_DIR = join(__dirname, '../../support/tls');
/** Self-signed for calypso.example: trusted here through `ca`. */
const CALYPSO_EXAMPLE = {
  cert: readFileSync(join(TLS_DIR, 'calypso-example-cert.pem'), 'utf8'),
  key: readFileSync(join(TLS_DIR, 'calypso-example-key.pem'), 'utf8'),
};
const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NO_PROXY',
  'no_proxy',
];

let saved: Record<string, string | undefined> = {};
beforeEach(() => {
  saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARIABLES) delete process.env[name];
});
afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await closeConnectProxies();
  await closeLoopbackServers();
});

describe('through a proxy', () => {
  it('an https webhook goes through a CONNECT tunnel; DNS and TCP are about the proxy; TLS and HTTP reach the receiver', async () => {
    const origin = await loopbackServer(answer(401), CALYPSO_EXAMPLE);
    const proxy = await connectProxy(origin.port);
    process.env.HTTPS_PROXY = proxy.url;
    const diagnosis = await diagnoseUrl('https://calypso.example/hooks/calypso', {
      ca: [CALYPSO_EXAMPLE.cert],
    });
    expect(diagnosis.problems).toEqual([]);
    expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual(['calypso.example:443']);
    expect(origin.received).toMatchObject([
      { path: '/hooks/calypso', body: '{"webhookTrayDiagnostic":true}' },
    ]);
    expect(origin.received[0]!.headers.host).toBe('calypso.example');
    const [dns, tcp, tls] = diagnosis.steps;
    expect(dns!.detail).toMatch(
      /^proxy http:\/\/127\.0\.0\.1:\d+ .*the DNS and TCP steps are about the proxy/,
    );
    expect(tcp!.detail).toMatch(/tunnel to calypso\.example:443 opened$/);
    expect(tls!.detail).toMatch(/certificate for calypso\.example/);
  });

  it('a proxy that cannot reach the webhook is reported as the proxy refusing the connection', async () => {
    const proxy = await connectProxy(1, 'user:right');
    process.env.HTTPS_PROXY = proxy.url.replace('http://', 'http://user:wrong@');
    const diagnosis = await diagnoseUrl('https://calypso.example/hook');
    expect(diagnosis.problems.map((problem) => problem.code)).toEqual(['connection-refused']);
    expect(diagnosis.verdict).toMatch(
      /could not open a connection to calypso\.example:443 \(the proxy answered HTTP 407\)/,
    );
    expect(diagnosis.verdict).not.toContain('wrong');
    expect(proxy.tunnels[0]!.proxyAuthorization).toBe(`Basic ${btoa('user:wrong')}`);
  });

  it('an http webhook is sent to the proxy with its absolute URL', async () => {
    const forwarder = await loopbackServer(answer(401));
    process.env.HTTP_PROXY = `http://127.0.0.1:${forwarder.port}`;
    const diagnosis = await diagnoseUrl('http://shop.example/hook');
    expect(diagnosis.problems).toEqual([]);
    expect(forwarder.received).toMatchObject([{ method: 'POST', path: 'http://shop.example/hook' }]);
    expect(forwarder.received[0]!.headers.host).toBe('shop.example');
    expect(diagnosis.steps.at(-1)!.detail).toMatch(/^through the proxy http:\/\/127\.0\.0\.1:\d+: HTTP 401/);
  });

  it('an automatic check refuses a webhook written as a private address, even through a proxy', async () => {
    const proxy = await connectProxy(1);
    process.env.HTTPS_PROXY = proxy.url;
    const diagnosis = await checkConnection('https://10.0.0.1/hook');
    expect(diagnosis.severity).toBe('not-checked');
    expect(proxy.tunnels).toEqual([]);
  });
});
