import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../main/common/errors';
import type { ClientOptions } from '../../../main/core/api/calypso-client';
import { startSandbox } from '../../../main/core/sandbox/sandbox-server';
import type { RunningSandbox } from '../../../main/core/sandbox/types';
import {
  closeRawServers,
  failure,
  rawServer,
  tricklingAnswer,
  rawServerClient,
} from '../../support/raw-http';
import { sandboxClient, sandboxCredentials, sandboxForTest } from '../../support/sandbox';
import { createCalypsoClient } from '../../../main/core/api/calypso-client';

const TEN_MINUTES = 10 * 60_000;

afterEach(closeRawServers);

/** Options that make retries instant and observable. */
function drivenRetries(): { options: ClientOptions; sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    options: {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    },
  };
}

function requestCount(sandbox: RunningSandbox): number {
  return sandbox.control.requests().length;
}

function expectNoSecrets(sandbox: RunningSandbox, error: AppError): void {
  const text = JSON.stringify({ message: error.message, info: error.toInfo() });
  expect(text).not.toContain(sandbox.credentials.apiSecret);
  for (const subscription of sandbox.control.subscriptions())
    expect(text).not.toContain(subscription.secretKey);
}

describe('client errors through the sandbox', () => {
  it('a wrong secret is an auth error: bad signature', async () => {
    const sandbox = await sandboxForTest();
    const error = await failure(sandboxClient(sandbox, { apiSecret: 'not-the-secret' }).list());
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.serverMessage).toBe('Invalid signature');
    expect(error.message).toContain('Check the API key and secret in the account settings');
    expect(error.message).not.toContain('not-the-secret');
    expect(requestCount(sandbox)).toBe(1);
  });

  it('an unknown key is an auth error', async () => {
    const sandbox = await sandboxForTest();
    const error = await failure(sandboxClient(sandbox, { apiKey: 'no-such-key' }).list());
    expect(error).toMatchObject({ kind: 'auth', status: 401, serverMessage: 'Unknown API key' });
    expect(error.message).toContain('Check the API key and secret');
    expectNoSecrets(sandbox, error);
  });

  it('a 403 is an auth error, never retried', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ status: 403, message: 'Access denied', count: 'always' });
    const error = await failure(sandboxClient(sandbox).list());
    expect(error).toMatchObject({ kind: 'auth', status: 403, serverMessage: 'Access denied' });
    expect(error.message).toMatch(/refused access.*account id belongs to this API key/);
    expect(requestCount(sandbox)).toBe(1);
  });

  it('an account that does not belong to the key is an auth error (403)', async () => {
    const other = {
      apiKey: 'other-key',
      apiSecret: 'other-secret-0123456789',
      account: `0x${'b'.repeat(40)}`,
    };
    const sandbox = await sandboxForTest({ extraAccounts: [other] });
    const error = await failure(sandboxClient(sandbox, { account: other.account }).list());
    expect(error).toMatchObject({ kind: 'auth', status: 403 });
    expect(error.serverMessage).toMatch(/does not belong/);
  });

  it('a 4xx whose message mentions the signature is auth; another 4xx is rejected', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ status: 400, message: 'Sign header is invalid' });
    expect(await failure(sandboxClient(sandbox).list())).toMatchObject({ kind: 'auth', status: 400 });
    sandbox.control.injectFault({ status: 422, message: 'url is not reachable' });
    const rejected = await failure(
      sandboxClient(sandbox).create({ url: 'https://a.example', notificationServiceTypes: ['INVOICE'] }),
    );
    expect(rejected).toMatchObject({ kind: 'rejected', status: 422, serverMessage: 'url is not reachable' });
    expect(rejected.message).toContain('Check the values you entered');
    // A poll carries no values of the merchant's: the advice points at the account settings.
    sandbox.control.injectFault({ status: 422, message: 'account is malformed' });
    const polled = await failure(sandboxClient(sandbox).list());
    expect(polled).toMatchObject({ kind: 'rejected', status: 422 });
    expect(polled.message).toBe(
      'Calypso rejected the request (HTTP 422: account is malformed). Check the account id and the base URL in the account settings.',
    );
  });

  it('the status decides before the message: a 429 naming the key is rate-limit, a 404 naming it not-found', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({
      status: 429,
      message: 'Rate limit exceeded for this API key',
      retryAfter: '7',
    });
    const limited = await failure(sandboxClient(sandbox).delete('00000000-0000-4000-8000-000000000000'));
    expect(limited).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 7000 });
    sandbox.control.injectFault({ status: 404, message: 'Subscription not found for key' });
    const missing = await failure(sandboxClient(sandbox).delete('00000000-0000-4000-8000-000000000000'));
    expect(missing).toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('a 400 for a missing timestamp is rejected and does not blame the clock', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ status: 400, message: 'payload.timestamp is required' });
    const error = await failure(sandboxClient(sandbox).list());
    expect(error).toMatchObject({ kind: 'rejected', status: 400 });
    expect(error.message).not.toContain('clock');
  });

  it('a 10-minute skewed server: the first request fails, the Date header teaches the offset, the retry succeeds', async () => {
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
    sandbox.control.setClockOffset(TEN_MINUTES);
    const client = sandboxClient(sandbox);

    await expect(client.list()).resolves.toHaveLength(3);

    const [first, second] = sandbox.control.requests();
    expect(requestCount(sandbox)).toBe(2);
    const firstTimestamp = (JSON.parse(first?.body ?? '{}') as { timestamp: number }).timestamp;
    const secondTimestamp = (JSON.parse(second?.body ?? '{}') as { timestamp: number }).timestamp;
    expect(Math.abs(firstTimestamp - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(secondTimestamp - sandbox.control.now())).toBeLessThan(60_000);
    expect(Math.abs(client.clockOffsetMs() - TEN_MINUTES)).toBeLessThan(2_000);

    // Once learned, the offset is used from the start: one request each.
    sandbox.control.clearRequests();
    await client.list();
    expect(requestCount(sandbox)).toBe(1);
  });

  it('the skew retry also applies to mutations, with the same payload and a corrected timestamp', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.setClockOffset(-TEN_MINUTES);
    const created = await sandboxClient(sandbox).create({
      url: 'https://shop.example/h',
      notificationEventTypes: ['PAYOUT_CONFIRMED'],
    });
    const bodies = sandbox.control
      .requests()
      .map((request) => JSON.parse(request.body) as { payload: { requestId: string } });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]?.payload).toEqual(bodies[1]?.payload);
    expect(created.requestId).toBe(bodies[1]?.payload.requestId);
    expect(sandbox.control.subscriptions()).toHaveLength(1);
  });

  it('once the offset is learned, a 4xx is not retried, and a timestamp refusal points at the clock', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.setClockOffset(TEN_MINUTES);
    const client = sandboxClient(sandbox);
    await client.list();
    sandbox.control.clearRequests();
    sandbox.control.injectFault({ status: 400, message: 'Request timestamp is outside the allowed window' });
    const error = await failure(client.list());
    expect(error).toMatchObject({ kind: 'auth', status: 400 });
    expect(error.message).toContain("Check that this computer's clock is set correctly");
    expect(requestCount(sandbox)).toBe(1);
  });

  it('429 with Retry-After: list waits and retries', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ status: 429, retryAfter: '3', message: 'Too many requests' });
    const { options, sleeps } = drivenRetries();
    await expect(sandboxClient(sandbox, {}, options).list()).resolves.toEqual([]);
    expect(sleeps).toEqual([3000]);
    expect(requestCount(sandbox)).toBe(2);
  });

  it('429 with an HTTP-date Retry-After is understood', async () => {
    const sandbox = await sandboxForTest();
    const client = sandboxClient(sandbox, {}, drivenRetries().options);
    await client.list();
    const at = new Date(sandbox.control.now() + 20_000).toUTCString();
    sandbox.control.injectFault({ status: 429, retryAfter: at, count: 'always' });
    const error = await failure(client.list());
    expect(error).toMatchObject({ kind: 'rate-limit', status: 429 });
    expect(error.retryAfterMs).toBeGreaterThan(15_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(21_000);
  });

  it('429 on a mutation returns rate-limit with retryAfterMs and is not retried', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ status: 429, retryAfter: '30' });
    const { options, sleeps } = drivenRetries();
    const error = await failure(
      sandboxClient(sandbox, {}, options).create({
        url: 'https://a.example',
        notificationServiceTypes: ['INVOICE'],
      }),
    );
    expect(error).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 30_000 });
    expect(error.message).toContain('Calypso is rate-limiting');
    expect(error.message).toContain('30 s');
    expect(sleeps).toEqual([]);
    expect(requestCount(sandbox)).toBe(1);
    expect(sandbox.control.subscriptions()).toEqual([]);
  });

  it('429 with a Retry-After beyond the cap returns rate-limit without waiting', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ status: 429, retryAfter: '600' });
    const { options, sleeps } = drivenRetries();
    const error = await failure(sandboxClient(sandbox, {}, options).list());
    expect(error).toMatchObject({ kind: 'rate-limit', retryAfterMs: 600_000 });
    expect(error.message).toContain('10 min');
    expect(sleeps).toEqual([]);
  });

  it('500: list is retried twice with growing jittered backoff, then a server error', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ status: 500, message: 'Internal failure', count: 'always' });
    const { options, sleeps } = drivenRetries();
    const error = await failure(sandboxClient(sandbox, {}, options).list());
    expect(error).toMatchObject({ kind: 'server', status: 500, serverMessage: 'Internal failure' });
    expect(error.message).toContain('Try again in a few minutes');
    expect(requestCount(sandbox)).toBe(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('503 with Retry-After: list comes back when the server asks, not after its own backoff', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ status: 503, retryAfter: '7', message: 'Maintenance' });
    const { options, sleeps } = drivenRetries();
    await expect(sandboxClient(sandbox, {}, options).list()).resolves.toEqual([]);
    expect(sleeps).toEqual([7000]);
  });

  it('a list cancelled while it waits out a Retry-After ends at once as cancelled', async () => {
    const sandbox = await sandboxForTest();
    // A real wait of 50 s: without the cancellation the test would time out.
    sandbox.control.injectFault({ status: 429, retryAfter: '50', count: 'always' });
    const controller = new AbortController();
    const pending = sandboxClient(sandbox).list({ signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await failure(pending);
    expect(error.kind).toBe('network');
    expect(error.message).toContain('cancelled');
    expect(requestCount(sandbox)).toBe(1);
  });

  it('a proxy asking for a login (407) says so, not that Calypso refused the request', async () => {
    const server = await rawServer((_request, response) => {
      response.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="corp"' }).end();
    });
    const error = await failure(rawServerClient(server.url, { maxListRetries: 0 }).list());
    expect(error).toMatchObject({ kind: 'network', status: 407 });
    expect(error.message).toContain('The proxy refused the request: it asks for a login (HTTP 407)');
    expect(error.message).toContain('HTTPS_PROXY=http://user:password@proxy:port');
  });

  it('500 once: list recovers on the retry; a mutation is not retried', async () => {
    const sandbox = await sandboxForTest();
    const { options } = drivenRetries();
    const client = sandboxClient(sandbox, {}, options);
    sandbox.control.injectFault({ status: 503 });
    await expect(client.list()).resolves.toEqual([]);
    sandbox.control.injectFault({ status: 500 });
    const error = await failure(
      client.create({ url: 'https://a.example', notificationServiceTypes: ['INVOICE'] }),
    );
    expect(error).toMatchObject({ kind: 'server', status: 500 });
    expect(requestCount(sandbox)).toBe(3);
  });

  it('a hang is a timeout naming the host; list retries it', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ hang: true, count: 'always' });
    const { options, sleeps } = drivenRetries();
    const error = await failure(sandboxClient(sandbox, {}, { ...options, timeoutMs: 200 }).list());
    expect(error.kind).toBe('timeout');
    expect(error.status).toBeUndefined();
    expect(error.message).toContain(`127.0.0.1:${sandbox.port} did not answer`);
    expect(sleeps).toHaveLength(2);
    expect(requestCount(sandbox)).toBe(3);
  });

  it('the timeout bounds the whole attempt: a body that trickles without ever going idle still times out', async () => {
    const server = await rawServer(tricklingAnswer);
    const error = await failure(rawServerClient(server.url, { timeoutMs: 300, maxListRetries: 0 }).list());
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain(`${new URL(server.url).host} did not answer`);
  });

  it('a delayed answer within the timeout succeeds', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ delayMs: 50 });
    await expect(sandboxClient(sandbox, {}, { timeoutMs: 5_000 }).list()).resolves.toEqual([]);
  });

  it('a refused connection is a network error naming the host, retried for list', async () => {
    const sandbox = await startSandbox();
    const credentials = sandboxCredentials(sandbox);
    await sandbox.close();
    const { options, sleeps } = drivenRetries();
    const error = await failure(createCalypsoClient(credentials, options).list());
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`Cannot reach 127.0.0.1:${sandbox.port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(sleeps).toHaveLength(2);
  });

  it('an unknown path (wrong base URL) is not-found', async () => {
    const sandbox = await sandboxForTest();
    const error = await failure(sandboxClient(sandbox, { baseUrl: `${sandbox.url}/v2` }).list());
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
    expect(error.message).toContain('base URL');
  });

  it('a server message echoing the secret is redacted', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ status: 400, message: `bad secret ${sandbox.credentials.apiSecret}` });
    const error = await failure(sandboxClient(sandbox).list());
    expectNoSecrets(sandbox, error);
    expect(error.serverMessage).toBe('bad secret [redacted]');
  });

  it('a cancelled list stops without retrying', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ hang: true, count: 'always' });
    const controller = new AbortController();
    const { options, sleeps } = drivenRetries();
    const pending = sandboxClient(sandbox, {}, options).list({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.kind).toBe('network');
    expect(error.message).toContain('cancelled');
    expect(sleeps).toEqual([]);
  });
});
