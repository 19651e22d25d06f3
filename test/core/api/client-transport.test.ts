import { getEventListeners } from 'node:events';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES } from '../../../main/core/api/http-instance';
import { verifySignature } from '../../../main/core/api/signing';
import {
  closeRawServers,
  failure,
  rawServer,
  EXPIRED_TEST_TLS,
  TEST_TLS,
  rawServerClient as clientOf,
} from '../../support/raw-http';
import { sandboxClient, sandboxForTest } from '../../support/sandbox';

const EMPTY_LIST = JSON.stringify({ subscriptions: [] });

afterEach(closeRawServers);

describe('the client over HTTP and HTTPS', () => {
  it('sends the signed body with its headers to the base URL plus the documented path, and reads the answer', async () => {
    const seen: { headers: Record<string, unknown>; path: string }[] = [];
    const server = await rawServer((request, response) => {
      seen.push({ headers: request.headers, path: request.url ?? '' });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_LIST);
    });
    await expect(
      clientOf(`${server.url}/calypso/`, { userAgent: 'webhook-tray/test' }).list(),
    ).resolves.toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/calypso/api/v1/subscription/webhook');
    expect(seen[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json',
      key: 'key',
      sign: expect.stringMatching(/^[0-9a-f]{128}$/),
      'user-agent': 'webhook-tray/test',
    });
    // A list of hundreds of webhooks compresses about tenfold: the client asks for it.
    expect(String(seen[0]!.headers['accept-encoding']).split(/,\s*/)).toEqual(
      expect.arrayContaining(['gzip', 'deflate', 'br']),
    );
    expect(seen[0]!.headers['host']).toBe(new URL(server.url).host);
    expect(seen[0]!.headers['connection']).toBe('keep-alive');
  });

  it('sends the exact signed bytes with their Content-Length, and Basic auth for a base URL with user info', async () => {
    const sandbox = await sandboxForTest();
    await sandboxClient(sandbox).list();
    const withUser = sandbox.url.replace('://', '://merchant:p%40ss@');
    await sandboxClient(sandbox, { baseUrl: withUser }).list();
    const [plain, authorized] = sandbox.control.requests();
    for (const request of [plain!, authorized!]) {
      expect(request.headers['host']).toBe(new URL(sandbox.url).host);
      expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
      expect(verifySignature(request.body, sandbox.credentials.apiSecret, request.headers['sign']!)).toBe(
        true,
      );
    }
    expect(plain!.headers['authorization']).toBeUndefined();
    expect(authorized!.headers['authorization']).toBe(
      `Basic ${Buffer.from('merchant:p@ss').toString('base64')}`,
    );
  });

  it('speaks HTTPS to an https base URL, names the host in Host and SNI, and refuses a certificate nobody trusts', async () => {
    const seen: { host: unknown; servername: unknown }[] = [];
    const server = await rawServer(
      (request, response) => {
        seen.push({ host: request.headers.host, servername: (request.socket as TLSSocket).servername });
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_LIST);
      },
      { tls: TEST_TLS },
    );
    const { host } = new URL(server.url);
    // Not trusted: a self-signed certificate is a network error that says so, nothing is read, and the
    // list is not retried (another attempt cannot fix it; the next poll tries again).
    const retries: string[] = [];
    const refused = await failure(clientOf(server.url, { log: (line) => retries.push(line) }).list());
    expect(retries).toEqual([]);
    expect(refused.kind).toBe('network');
    expect(refused.message).toBe(
      `The certificate of ${host} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). Check the base URL in the account settings. If your network inspects HTTPS (a company proxy or an antivirus), choose its CA certificate file as the extra CA certificate in Settings.`,
    );
    expect(seen).toEqual([]);
    // Trusted (as a merchant's system would trust Calypso's certificate), through the shared agent.
    const agentOptions = https.globalAgent.options;
    const trusted = agentOptions.ca;
    agentOptions.ca = TEST_TLS.cert;
    try {
      const client = clientOf(server.url);
      await expect(client.list()).resolves.toEqual([]);
      await expect(client.list()).resolves.toEqual([]);
    } finally {
      agentOptions.ca = trusted;
      https.globalAgent.destroy();
    }
    expect(seen).toEqual([
      { host, servername: 'localhost' },
      { host, servername: 'localhost' },
    ]);
    expect(server.connections()).toBe(1);
  });

  it('a trusted certificate outside its dates is an error that points at the clock', async () => {
    const server = await rawServer((_request, response) => response.end(EMPTY_LIST), {
      tls: EXPIRED_TEST_TLS,
    });
    const agentOptions = https.globalAgent.options;
    const trusted = agentOptions.ca;
    agentOptions.ca = EXPIRED_TEST_TLS.cert;
    try {
      const error = await failure(clientOf(server.url, { maxListRetries: 0 }).list());
      expect(error.kind).toBe('network');
      expect(error.message).toBe(
        `The certificate of ${new URL(server.url).host} is outside its validity dates (CERT_HAS_EXPIRED). Check this computer's date and time, then try again.`,
      );
    } finally {
      agentOptions.ca = trusted;
      https.globalAgent.destroy();
    }
    expect(server.requests).toEqual([]);
  });

  it('clients of one host share keep-alive connections', async () => {
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_LIST);
    });
    const clients = [clientOf(server.url), clientOf(server.url), clientOf(server.url)];
    for (let round = 0; round < 5; round += 1) {
      for (const client of clients) await client.list();
    }
    expect(server.requests).toHaveLength(15);
    // One keep-alive pool per host, not per client (so fewer connections than clients).
    expect(server.connections()).toBeLessThan(clients.length);
  });

  it('never follows a redirect: a signed POST must not turn into an unsigned GET elsewhere', async () => {
    const server = await rawServer((_request, response) => {
      response.writeHead(302, { Location: '/elsewhere' }).end();
    });
    const error = await failure(clientOf(server.url, { maxListRetries: 0 }).list());
    expect(error).toMatchObject({ kind: 'rejected', status: 302 });
    expect(error.message).toContain('redirect');
    expect(server.requests).toEqual(['POST /api/v1/subscription/webhook']);
  });

  it(`an answer over ${MAX_RESPONSE_BYTES / 1024 / 1024} MB is a bad-response, and it is not retried`, async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const write = (left: number): void => {
        if (left === 0 || response.destroyed) return void response.end();
        if (response.write(chunk)) write(left - 1);
        else response.once('drain', () => write(left - 1));
      };
      write(MAX_RESPONSE_BYTES / chunk.length + 2);
    });
    const error = await failure(clientOf(server.url).list());
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('larger than 10 MB');
    expect(error.message).toContain('base URL');
    expect(server.requests).toHaveLength(1);
  });

  it('reads gzip, deflate (with or without its zlib header), brotli, and a byte-order mark', async () => {
    const list = JSON.stringify({
      subscriptions: [{ requestId: 'r1', url: 'https://shop.example/hook', enabled: true }],
    });
    const encodings = [
      ['gzip', gzipSync(list)],
      ['deflate', deflateSync(list)],
      // Raw deflate, without the zlib header, as some servers send it; axios's adapter read it too.
      ['deflate', deflateRawSync(list)],
      ['br', brotliCompressSync(list)],
      // A byte-order mark before the JSON, as some proxies add.
      ['identity', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(list)])],
    ] as const;
    const pending = [...encodings];
    const server = await rawServer((_request, response) => {
      const [encoding, body] = pending.shift()!;
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding }).end(body);
    });
    const client = clientOf(server.url);
    for (let index = 0; index < encodings.length; index += 1) {
      const channels = await client.list();
      expect(channels.map((channel) => channel.url)).toEqual(['https://shop.example/hook']);
    }
  });

  it('bounds the decompressed size: a small gzip that expands past 10 MB is a bad-response', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_RESPONSE_BYTES + 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(bomb);
    });
    const error = await failure(clientOf(server.url).list());
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('larger than 10 MB');
  });

  it('an answer that claims gzip but is not is a bad-response, not a crash', async () => {
    const server = await rawServer((_request, response) => {
      response
        .writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .end('{"subscriptions":[]}');
    });
    const error = await failure(clientOf(server.url).list());
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('cannot be decompressed');
    expect(server.requests).toHaveLength(1);
  });

  it('a cancellation in the middle of the answer ends the call at once and leaves no listener on the signal', async () => {
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"subscriptions":[');
    });
    const controller = new AbortController();
    const pending = clientOf(server.url, { timeoutMs: 10_000 }).list({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    // Well before the 10 s deadline: the failure is the cancellation, not a timeout.
    const error = await failure(pending);
    expect(error.kind).toBe('network');
    expect(error.message).toContain('cancelled');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it('a signal reused call after call keeps no listener between calls, and cancels every call in flight on it', async () => {
    let hang = false;
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      if (hang) response.write('{"subscriptions":[');
      else response.end(EMPTY_LIST);
    });
    const controller = new AbortController();
    const clients = [
      clientOf(server.url, { timeoutMs: 10_000 }),
      clientOf(server.url, { timeoutMs: 10_000 }),
    ];
    for (let call = 0; call < 20; call += 1) await clients[call % 2]!.list({ signal: controller.signal });
    // The monitor reuses a profile's signal poll after poll: listeners must not pile up on it.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    hang = true;
    const pending = clients.map((client) => client.list({ signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    for (const error of await Promise.all(pending.map(failure))) {
      expect(error.kind).toBe('network');
      expect(error.message).toContain('cancelled');
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(server.requests).toHaveLength(22);
  });

  it('a connection dropped in the middle of the answer is a network error naming the host', async () => {
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      response.write('{"subscriptions":[', () => response.socket?.destroy());
    });
    const host = new URL(server.url).host;
    const error = await failure(clientOf(server.url, { maxListRetries: 0 }).list());
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(new RegExp(`^Cannot reach ${host.replace(/\./g, '\\.')} \\(\\w+\\)`));
  });
});
