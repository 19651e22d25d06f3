import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { build } from 'rolldown';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeRawServers, rawServer } from '../../support/raw-http';
import { closeConnectProxies, connectProxy } from './connect-proxy';

const ROOT = resolve(__dirname, '../../..');
/** A self-signed certificate for calypso.example, valid until 2126, made as TEST_TLS's. */
const CERT = join(ROOT, 'test/support/tls/calypso-example-cert.pem');
const KEY = join(ROOT, 'test/support/tls/calypso-example-key.pem');
const LIST = JSON.stringify({
  subscriptions: [{ requestId: 'r1', url: 'https://shop.example/hook', enabled: true }],
});

/** Two list calls by one client on https://calypso.example; prints the URLs it read, or the error. */
const CHILD = `
const { createCalypsoClient } = require(process.env.CLIENT_BUNDLE);
const client = createCalypsoClient(
  { baseUrl: 'https://calypso.example', account: '0x0000000000000000000000000000000000000001', apiKey: 'key', apiSecret: 'secret' },
  { maxListRetries: 0 },
);
(async () => {
  for (let call = 0; call < 2; call += 1) {
    const channels = await client.list();
    console.log(channels.map((channel) => channel.url).join(' '));
  }
})().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
`;

let dir = '';
let bundle = '';

// Trusting a certificate for calypso.example takes NODE_EXTRA_CA_CERTS, which Node reads only at
// start: the client runs in a child process, from a bundle of main/core/api.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webhook-tray-proxy-tls-'));
  bundle = join(dir, 'client.cjs');
  await build({
    input: join(ROOT, 'main/core/api/index.ts'),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !isAbsolute(id),
    output: { file: bundle, format: 'cjs' },
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await closeConnectProxies();
  await closeRawServers();
});

describe('HTTPS through a proxy, with a trusted certificate', () => {
  it('a list goes through the CONNECT tunnel to the origin, which sees Host and SNI of the base URL, and the tunnel is kept alive', async () => {
    const seen: { host: unknown; servername: unknown }[] = [];
    const origin = await rawServer(
      (request, response) => {
        seen.push({ host: request.headers.host, servername: (request.socket as TLSSocket).servername });
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(LIST);
      },
      { tls: { cert: await readFile(CERT, 'utf8'), key: await readFile(KEY, 'utf8') } },
    );
    const proxy = await connectProxy(Number(new URL(origin.url).port));
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', CHILD], {
      env: {
        PATH: process.env.PATH,
        NODE_PATH: join(ROOT, 'node_modules'),
        NODE_EXTRA_CA_CERTS: CERT,
        HTTPS_PROXY: proxy.url,
        CLIENT_BUNDLE: bundle,
      },
    });
    expect(stdout.trim().split('\n')).toEqual(['https://shop.example/hook', 'https://shop.example/hook']);
    expect(origin.requests).toEqual(Array(2).fill('POST /api/v1/subscription/webhook'));
    expect(seen).toEqual(Array(2).fill({ host: 'calypso.example', servername: 'calypso.example' }));
    expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual(['calypso.example:443']);
  });
});
