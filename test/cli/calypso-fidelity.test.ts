/**
 * Issue 17's client items through the built CLI against the sandbox: zone-less dates read as UTC in
 * any time zone, Calypso's error references kept, a change the answer shows not applied, the
 * documented event families, and regenerate-keys showing every subscription's new keys.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../main/core/api/channel';
import { sign } from '../../main/core/api/signing';
import type { RunningSandbox } from '../../main/core/sandbox';
import { json, runCli, type CliRunOptions, startCliSandbox } from './cli-harness';

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => ({ sandbox, env } = await startCliSandbox()));

afterAll(() => sandbox.close());

beforeEach(() => {
  sandbox.control.clearFaults();
  sandbox.control.clearRequests();
  sandbox.control.ignoreChangeFields([]);
});

function cli(args: string[], options: CliRunOptions = {}) {
  return runCli(args, { ...options, env: { ...env, ...options.env } });
}

/** The list answer as Calypso's wire carries it, read with a signed request of the test's own. */
async function rawList(): Promise<{ subscriptions: Record<string, unknown>[] }> {
  const body = JSON.stringify({ account: sandbox.credentials.account, timestamp: Date.now() });
  const response = await fetch(`${sandbox.url}/api/v1/subscription/webhook`, {
    method: 'POST',
    headers: {
      Key: sandbox.credentials.apiKey,
      Sign: sign(body, sandbox.credentials.apiSecret),
      'Content-Type': 'application/json',
    },
    body,
  });
  return (await response.json()) as { subscriptions: Record<string, unknown>[] };
}

async function listed(requestId: string, tz: string): Promise<Channel> {
  const result = await cli(['list', '--json'], { env: { TZ: tz } });
  expect(result.code, result.stderr).toBe(0);
  const found = json<{ subscriptions: Channel[] }>(result).subscriptions.find(
    (c) => c.requestId === requestId,
  );
  expect(found).toBeDefined();
  return found!;
}

describe('dates', () => {
  it('the sandbox writes channel dates as Calypso does: UTC, no zone, microseconds', async () => {
    const seeded = sandbox.control.addSubscription({
      url: 'https://shop.example/hooks',
      notificationEventTypes: ['INVOICE_PAID'],
      createdDate: '2022-03-15T12:13:05.909Z',
    });
    const wire = (await rawList()).subscriptions.find((c) => c.requestId === seeded.requestId);
    expect(wire?.createdDate).toBe('2022-03-15T12:13:05.909000');
  });

  it.each(['America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'])(
    'in TZ=%s, zone-less dates read as UTC and zoned ones keep their zone; --json writes ISO with Z',
    async (tz) => {
      const seeded = sandbox.control.addSubscription({
        url: 'https://shop.example/hooks',
        notificationEventTypes: ['INVOICE_PAID'],
        createdDate: '2022-03-15T12:13:05.909Z',
        errorCount: 3,
        // Calypso's zone-less form with 9 fraction digits, and an offset form.
        errorFirstDate: '2025-10-30T14:08:39.123456789',
        errorLastDate: '2025-10-30T16:08:40.5+02:00',
      });
      const channel = await listed(seeded.requestId, tz);
      expect(channel.createdDate).toBe('2022-03-15T12:13:05.909Z');
      expect(channel.errorFirstDate).toBe('2025-10-30T14:08:39.123Z');
      expect(channel.errorLastDate).toBe('2025-10-30T14:08:40.500Z');
    },
  );

  it('an unreadable date reads as unknown (null) without refusing the list', async () => {
    const seeded = sandbox.control.addSubscription({
      url: 'https://shop.example/hooks',
      notificationEventTypes: ['INVOICE_PAID'],
      createdDate: '2022-02-30T12:00:00',
    });
    expect((await listed(seeded.requestId, 'Asia/Kolkata')).createdDate).toBeNull();
  });
});

describe('error references', () => {
  it('a refused request keeps errorCode and traceId in --json and names the support reference', async () => {
    const result = await cli(['list', '--json'], { env: { WEBHOOK_TRAY_API_SECRET: 'not-the-secret' } });
    expect(result.code).toBe(3);
    const error = json<{ error: Record<string, unknown> }>(result).error;
    expect(error).toEqual({
      kind: 'auth',
      message: expect.stringContaining('rejected'),
      status: 401,
      errorCode: 'UNAUTHORIZED',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(result.stderr).toContain(
      `Support reference: trace id ${String(error.traceId)}, error code UNAUTHORIZED`,
    );
  });

  it('the two fields are present only when the server sent them; retryAfterMs is kept beside them', async () => {
    sandbox.control.injectFault({ status: 429, retryAfter: '120', count: 'always' });
    const bare = await cli(['list', '--json']);
    expect(json(bare)).toEqual({
      error: { kind: 'rate-limit', message: expect.any(String), status: 429, retryAfterMs: 120_000 },
    });
    expect(bare.stderr).not.toContain('Support reference');
    sandbox.control.clearFaults();
    sandbox.control.injectFault({ status: 500, traceId: 'trace-7', errorCode: 'INTERNAL', count: 'always' });
    const referenced = await cli(['list', '--json']);
    expect(json(referenced)).toEqual({
      error: {
        kind: 'server',
        message: expect.any(String),
        status: 500,
        errorCode: 'INTERNAL',
        traceId: 'trace-7',
      },
    });
  });
});

describe('verified changes', () => {
  async function created(): Promise<Channel> {
    const result = await cli([
      '--json',
      'create',
      '--url',
      sandbox.control.receiverUrl('ok'),
      '--event',
      'INVOICE_PAID',
    ]);
    expect(result.code, result.stderr).toBe(0);
    return json<{ subscription: Channel }>(result).subscription;
  }

  it('a field the answer shows not applied exits 1 with kind not-applied and the fields', async () => {
    const channel = await created();
    sandbox.control.ignoreChangeFields(['url', 'enabled']);
    const result = await cli([
      'change',
      '--id',
      channel.requestId,
      '--url',
      'https://shop.example/new-hooks',
      '--disable',
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(json(result)).toEqual({
      error: {
        kind: 'not-applied',
        message: expect.stringContaining('url, enabled not applied'),
        status: 200,
        fields: [
          { field: 'url', requested: 'https://shop.example/new-hooks', returned: channel.url },
          { field: 'enabled', requested: false, returned: true },
        ],
      },
    });
  });

  it('an applied change passes, lists compared as sets', async () => {
    const channel = await created();
    const result = await cli([
      'change',
      '--id',
      channel.requestId,
      '--event',
      'INVOICE_EXPIRED',
      '--event',
      'INVOICE_PAID',
      '--event',
      'INVOICE_PAID',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
  });

  it('the sandbox control is served over HTTP and refuses an unknown field', async () => {
    const put = (body: unknown) =>
      fetch(`${sandbox.url}/_sandbox/change-ignores`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${sandbox.controlToken}` },
        body: JSON.stringify(body),
      });
    const ok = await put({ fields: ['notificationEventTypes'] });
    expect(ok.status).toBe(200);
    expect(sandbox.control.ignoredChangeFields()).toEqual(['notificationEventTypes']);
    expect((await put({ fields: ['secretKey'] })).status).toBe(400);
  });
});

describe('the documented events', () => {
  const create = ['create', '--url', 'https://shop.example/hooks'];

  it('a family without a documented group is refused as --service, naming its events', async () => {
    const result = await cli([...create, '--service', 'FIAT_DEPOSIT']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Calypso documents no FIAT_DEPOSIT group: subscribe to its events one by one with --event (FIAT_DEPOSIT_ORDER_CREATED,',
    );
  });

  it('the events of every documented family are accepted; a legacy one with a warning', async () => {
    const result = await cli([
      ...create,
      '--event',
      'CUSTOMER_PURSE_EXPIRED',
      '--event',
      'WALLET_FUNDS_DELIVERED_ACCOUNT',
      '--event',
      'PAYOUT_HASH_RECEIVED',
      '--event',
      'PAYOUT_SPEEDED_UP',
      '--service',
      'RECURRENT',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'PAYOUT_SPEEDED_UP is only on older Calypso documentation pages (legacy)',
    );
    expect(result.stderr).not.toContain('CUSTOMER_PURSE_EXPIRED is only');
  });
});

describe('regenerate-keys', () => {
  it('states its scope and the blocking risk before anything is sent', async () => {
    const refused = await cli(['regenerate-keys']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('every webhook subscription of this account');
    expect(refused.stderr).toContain('more than 100 failed deliveries within 10 minutes');
  });

  it('shows every subscription with its new key, read by a list after the regeneration', async () => {
    sandbox.control.addSubscription({ url: 'https://a.example/', notificationEventTypes: ['INVOICE_PAID'] });
    sandbox.control.addSubscription({ url: 'https://b.example/', notificationServiceTypes: ['PAYOUT'] });
    const before = new Map(sandbox.control.subscriptions().map((s) => [s.requestId, s.secretKey]));
    const result = await cli(['regenerate-keys', '--yes', '--show-secrets', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const shown = json<{ subscriptions: Channel[] }>(result).subscriptions;
    expect(shown.map((c) => c.requestId).sort()).toEqual([...before.keys()].sort());
    for (const channel of shown) {
      const stored = sandbox.control.subscriptions().find((s) => s.requestId === channel.requestId)!;
      expect(channel.secretKey).toBe(stored.secretKey);
      expect(channel.secretKey).not.toBe(before.get(channel.requestId));
    }
    const calls = sandbox.control.requests().map((r) => `${r.method} ${r.path}`);
    expect(calls.at(-1)).toBe('POST /api/v1/subscription/webhook');
    expect(calls.at(-2)).toBe('DELETE /api/v1/subscription/webhook/api-keys/regenerate');
  });

  it('a failed list after the regeneration exits 0 with a warning: the keys did change', async () => {
    sandbox.control.addSubscription({ url: 'https://a.example/', notificationEventTypes: ['INVOICE_PAID'] });
    sandbox.control.injectFault({ status: 503, path: '/api/v1/subscription/webhook', count: 'always' });
    const result = await cli(['regenerate-keys', '--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const document = json<{ subscriptions: Channel[]; warning: string }>(result);
    expect(document.subscriptions).toHaveLength(1);
    expect(document.subscriptions[0]!.secretKey).toMatch(/^•{8}.{4}$/);
    expect(document.warning).toContain('The keys were regenerated');
    expect(result.stderr).toContain('Run `list` to see them; do not regenerate again');
  });
});
