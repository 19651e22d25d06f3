import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createCalypsoClient } from '../../../main/core/api/calypso-client';
import { closeRawServers, failure, rawServer, rawServerClient, TEST_TLS } from '../../support/raw-http';
import { sandboxClient, sandboxForTest } from '../../support/sandbox';
import { closeConnectProxies, connectProxy } from './connect-proxy';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const LIST = JSON.stringify({ subscriptions: [{ requestId: 'r1', url: 'https://shop.example/hook' }] });

const savedEnv = { ...process.env };
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  process.env = { ...savedEnv };
  for (const close of closers.splice(0)) await close();
  await closeConnectProxies();
  await closeRawServers();
});

function timestampsSent(bodies: string[]): number[] {
  return bodies.map((body) => (JSON.parse(body) as { timestamp: number }).timestamp);
}

describe('the signing clock, bounded', () => {
  it('a server 24 h ahead is a clock error telling to fix the system clock; nothing is signed with its time', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.setClockOffset(DAY);
    const client = sandboxClient(sandbox);
    const error = await failure(client.list());
    expect(error.kind).toBe('clock');
    expect(error.message).toContain('24 hours');
    expect(error.message).toContain('Set the system clock right');
    expect(client.clockOffsetMs()).toBe(0);
    // No corrected retry: the one request carried this computer's own time.
    const sent = timestampsSent(sandbox.control.requests().map((request) => request.body));
    expect(sent).toHaveLength(1);
    expect(Math.abs((sent[0] ?? 0) - Date.now())).toBeLessThan(MINUTE);
  });

  it('a server 24 h behind is a clock error too', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.setClockOffset(-DAY);
    const error = await failure(sandboxClient(sandbox).list());
    expect(error.kind).toBe('clock');
  });

  it('a server 14 minutes ahead is within the bound: the offset is learned and the retry succeeds', async () => {
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
    sandbox.control.setClockOffset(14 * MINUTE);
    const client = sandboxClient(sandbox);
    await expect(client.list()).resolves.toHaveLength(3);
    expect(Math.abs(client.clockOffsetMs() - 14 * MINUTE)).toBeLessThan(2_000);
  });

  it('a success whose Date is a day off keeps its answer and never moves the clock', async () => {
    const server = await rawServer((_request, response) => {
      response.writeHead(200, {
        'Content-Type': 'application/json',
        Date: new Date(Date.now() + DAY).toUTCString(),
      });
      response.end(LIST);
    });
    const client = rawServerClient(server.url, { maxListRetries: 0 });
    await expect(client.list()).resolves.toHaveLength(1);
    expect(client.clockOffsetMs()).toBe(0);
  });

  it('a redirect never teaches the clock', async () => {
    const server = await rawServer((_request, response) => {
      response.writeHead(302, {
        Location: 'https://elsewhere.example/',
        Date: new Date(Date.now() + 10 * MINUTE).toUTCString(),
      });
      response.end();
    });
    const client = rawServerClient(server.url, { maxListRetries: 0 });
    await failure(client.list());
    expect(client.clockOffsetMs()).toBe(0);
  });
});

/** A proxy that refuses every CONNECT with its own 502 page, dated `offsetMs` from now. */
async function refusingProxy(offsetMs: number): Promise<string> {
  const server = createServer();
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    const date = new Date(Date.now() + offsetMs).toUTCString();
    socket.end(`HTTP/1.1 502 Bad Gateway\r\nDate: ${date}\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function proxiedClient() {
  return createCalypsoClient(
    { baseUrl: 'https://calypso.example', account: '0x1', apiKey: 'key', apiSecret: 'secret' },
    { maxListRetries: 0 },
  );
}

describe('the clock is learned only from the configured host', () => {
  it("a proxy's own error page, however dated, never moves the clock nor blames it", async () => {
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    process.env.HTTPS_PROXY = await refusingProxy(10 * MINUTE);
    const client = proxiedClient();
    const error = await failure(client.list());
    expect(error).toMatchObject({ kind: 'server', status: 502 });
    expect(client.clockOffsetMs()).toBe(0);

    process.env.HTTPS_PROXY = await refusingProxy(DAY);
    expect((await failure(proxiedClient().list())).kind).toBe('server');
  });

  it('through a CONNECT tunnel, the host itself (TLS end to end) does teach the clock', async () => {
    const origin = await rawServer(
      (_request, response) => {
        response.writeHead(200, {
          'Content-Type': 'application/json',
          Date: new Date(Date.now() + 10 * MINUTE).toUTCString(),
        });
        response.end(LIST);
      },
      { tls: TEST_TLS },
    );
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    process.env.HTTPS_PROXY = (await connectProxy(Number(new URL(origin.url).port))).url;
    // The test certificate names localhost, not calypso.example: trust is not what this test is about.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    const client = proxiedClient();
    await expect(client.list()).resolves.toHaveLength(1);
    expect(Math.abs(client.clockOffsetMs() - 10 * MINUTE)).toBeLessThan(2_000);
  });
});
