import { getEventListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpInstance, isLoopbackUrl, MAX_RESPONSE_BYTES } from '../../../main/core/api/http-transport';
import {
  closeRawServers,
  failure,
  rawServer,
  EXPIRED_TEST_TLS,
  TEST_TLS,
  tricklingAnswer,
  rawServerClient as clientOf,
} from '../../support/raw-http';

const EMPTY_LIST = JSON.stringify({ subscriptions: [] });

afterEach(closeRawServers);

describe('the client transport', () => {
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
    expect(seen[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(seen[0]!.headers['host']).toBe(new URL(server.url).host);
    expect(seen[0]!.headers['connection']).toBe('keep-alive');
  });

  it('writes Host, Content-Length and Accept-Encoding itself, and Basic auth for a base URL with user info', async () => {
    const seen: Record<string, unknown>[] = [];
    const server = await rawServer((request, response) => {
      seen.push(request.headers);
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_LIST);
    });
    const body = JSON.stringify({ account: 'a', timestamp: 1 });
    const send = (baseUrl: string, headers: Record<string, string>) =>
      createHttpInstance(baseUrl).request<string>({ method: 'POST', url: '/list', data: body, headers });
    const { host } = new URL(server.url);
    const response = await send(server.url, {
      Host: 'elsewhere.example',
      'content-length': '1',
      'Accept-Encoding': 'zstd',
      Key: 'key',
    });
    expect(response.data).toBe(EMPTY_LIST);
    expect(seen[0]).toMatchObject({
      host,
      'content-length': String(body.length),
      'accept-encoding': 'gzip, deflate, br',
      key: 'key',
    });
    const withUser = server.url.replace('://', '://merchant:p%40ss@');
    await send(withUser, {});
    expect(seen[1]!['authorization']).toBe(`Basic ${Buffer.from('merchant:p@ss').toString('base64')}`);
    await send(withUser, { Authorization: 'Bearer own' });
    expect(seen[2]!['authorization']).toBe('Bearer own');
    expect(seen.map((headers) => headers['host'])).toEqual([host, host, host]);
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
      `The certificate of ${host} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). Check the base URL in the account settings. If your network inspects HTTPS (a company proxy or an antivirus), set NODE_EXTRA_CA_CERTS to its CA certificate file before starting Webhook Tray.`,
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

  it('a signal reused call after call carries one listener, and cancels every call in flight on it', async () => {
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
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
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

  describe("behind a proxy (HTTP_PROXY set): axios's own adapter", () => {
    const saved = process.env.HTTP_PROXY;
    afterEach(() => {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    });

    it("sends a remote host's requests to the proxy, never follows its redirects, bounds its answers and reads undecodable ones as bad", async () => {
      const answers = [
        (response: ServerResponse) =>
          response.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_LIST),
        (response: ServerResponse) =>
          response.writeHead(301, { Location: 'http://elsewhere.example/' }).end(),
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
      expect(proxy.requests).toEqual(
        Array(4).fill('POST http://calypso.example/api/v1/subscription/webhook'),
      );
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

    it('never sends the loopback sandbox through the proxy', async () => {
      const proxy = await rawServer((_request, response) => response.writeHead(502).end());
      const server = await rawServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_LIST);
      });
      process.env.HTTP_PROXY = proxy.url;
      await expect(clientOf(server.url).list()).resolves.toEqual([]);
      expect(proxy.requests).toEqual([]);
      expect(server.requests).toHaveLength(1);
      // The same rule as the profile settings (main/common/url-rules): 127/8, ::1 and localhost.
      for (const url of ['http://127.0.0.2:4010', 'http://[::1]:4010', 'http://localhost:4010']) {
        expect(isLoopbackUrl(url), url).toBe(true);
      }
      expect(isLoopbackUrl('https://api.calypso.finance')).toBe(false);
    });
  });
});
