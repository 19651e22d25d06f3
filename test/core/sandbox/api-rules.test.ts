import { describe, expect, it } from 'vitest';
import { sign } from '../../../main/core/api/signing';
import type { RunningSandbox } from '../../../main/core/sandbox/types';
import { sandboxForTest } from '../../support/sandbox';
import { SubscriptionStore } from '../../../main/core/sandbox/subscription-store';

const LIST = '/api/v1/subscription/webhook';

interface RawAnswer {
  status: number;
  date: string | null;
  text: string;
}

async function call(
  sandbox: RunningSandbox,
  path: string,
  body: string,
  headers: Record<string, string>,
  method = 'POST',
): Promise<RawAnswer> {
  const response = await fetch(`${sandbox.url}${path}`, { method, body, headers });
  return { status: response.status, date: response.headers.get('date'), text: await response.text() };
}

function signed(sandbox: RunningSandbox, body: string, secret = sandbox.credentials.apiSecret) {
  return { 'Content-Type': 'application/json', Key: sandbox.credentials.apiKey, Sign: sign(body, secret) };
}

function listBody(sandbox: RunningSandbox, timestamp: number, account = sandbox.credentials.account): string {
  return JSON.stringify({ account, timestamp });
}

function message(answer: RawAnswer): string {
  return (JSON.parse(answer.text) as { message: string }).message;
}

describe('sandbox: Calypso request rules', () => {
  it('accepts a correctly signed request and answers with the list and a Date header', async () => {
    const sandbox = await sandboxForTest();
    const body = listBody(sandbox, Date.now());
    const answer = await call(sandbox, LIST, body, signed(sandbox, body));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ subscriptions: [] });
    expect(answer.date).not.toBeNull();
  });

  it('requires a known Key and a Sign over the exact bytes', async () => {
    const sandbox = await sandboxForTest();
    const body = listBody(sandbox, Date.now());
    const noKey = await call(sandbox, LIST, body, {
      'Content-Type': 'application/json',
      Sign: sign(body, 'x'),
    });
    expect([noKey.status, message(noKey)]).toEqual([401, 'Missing Key header']);
    const unknown = await call(sandbox, LIST, body, { ...signed(sandbox, body), Key: 'nope' });
    expect([unknown.status, message(unknown)]).toEqual([401, 'Unknown API key']);
    const wrongSecret = await call(sandbox, LIST, body, signed(sandbox, body, 'wrong'));
    expect([wrongSecret.status, message(wrongSecret)]).toEqual([401, 'Invalid signature']);
    // Same JSON, different bytes: the signature no longer matches.
    const respaced = body.replace(':', ': ');
    const reserialized = await call(sandbox, LIST, respaced, signed(sandbox, body));
    expect(reserialized.status).toBe(401);
    expect(wrongSecret.date).not.toBeNull();
  });

  it('accepts timestamps within 3 minutes of its clock, in either direction', async () => {
    const fixed = Date.parse('2025-06-01T12:00:00Z');
    const sandbox = await sandboxForTest({ now: () => fixed });
    for (const [offset, status] of [
      [-179_000, 200],
      [179_000, 200],
      [-181_000, 400],
      [181_000, 400],
    ] as const) {
      const body = listBody(sandbox, fixed + offset);
      const answer = await call(sandbox, LIST, body, signed(sandbox, body));
      expect(answer.status, `offset ${offset}`).toBe(status);
      if (status === 400) expect(message(answer)).toMatch(/timestamp/);
    }
  });

  it('skews its clock on request, Date header included', async () => {
    const fixed = Date.parse('2025-06-01T12:00:00Z');
    const sandbox = await sandboxForTest({ now: () => fixed });
    sandbox.control.setClockOffset(10 * 60_000);
    const body = listBody(sandbox, fixed);
    const answer = await call(sandbox, LIST, body, signed(sandbox, body));
    expect(answer.status).toBe(400);
    expect(answer.date).toBe(new Date(fixed + 10 * 60_000).toUTCString());
  });

  it('requires a timestamp and an account that belongs to the key', async () => {
    const other = { apiKey: 'k2', apiSecret: 'secret-two', account: `0x${'c'.repeat(40)}` };
    const sandbox = await sandboxForTest({ extraAccounts: [other] });
    const noTimestamp = JSON.stringify({ account: sandbox.credentials.account });
    expect((await call(sandbox, LIST, noTimestamp, signed(sandbox, noTimestamp))).status).toBe(400);
    const foreign = listBody(sandbox, Date.now(), other.account);
    const answer = await call(sandbox, LIST, foreign, signed(sandbox, foreign));
    expect([answer.status, message(answer)]).toEqual([403, 'The account does not belong to this API key']);
    const noAccount = JSON.stringify({ timestamp: Date.now() });
    expect((await call(sandbox, LIST, noAccount, signed(sandbox, noAccount))).status).toBe(400);
  });

  it('keeps accounts apart: one key cannot touch another account’s subscription', async () => {
    const other = { apiKey: 'k2', apiSecret: 'secret-two', account: `0x${'c'.repeat(40)}` };
    const sandbox = await sandboxForTest({ extraAccounts: [other] });
    const theirs = sandbox.control.addSubscription({
      account: other.account,
      url: 'https://other.example',
      notificationServiceTypes: ['INVOICE'],
    });
    const body = JSON.stringify({
      account: sandbox.credentials.account,
      timestamp: Date.now(),
      payload: { requestId: theirs.requestId },
    });
    const answer = await call(sandbox, LIST, body, signed(sandbox, body), 'DELETE');
    expect(answer.status).toBe(404);
    expect(sandbox.control.subscriptions(other.account)).toHaveLength(1);
  });

  it('validates create payloads and refuses duplicates', async () => {
    const sandbox = await sandboxForTest();
    const create = (payload: unknown) => {
      const body = JSON.stringify({ account: sandbox.credentials.account, timestamp: Date.now(), payload });
      return call(sandbox, `${LIST}/create`, body, signed(sandbox, body));
    };
    const requestId = '9b2f1c1e-4a5b-4c6d-8e7f-0123456789ab';
    expect(
      (await create({ requestId: 'x', url: 'https://a.example', notificationServiceTypes: ['INVOICE'] }))
        .status,
    ).toBe(400);
    expect(
      (await create({ requestId, url: 'not a url', notificationServiceTypes: ['INVOICE'] })).status,
    ).toBe(400);
    const empty = await create({ requestId, url: 'https://a.example', notificationEventTypes: [] });
    expect(message(empty)).toMatch(/At least one/);
    expect(
      (await create({ requestId, url: 'https://a.example', notificationServiceTypes: ['INVOICE'] })).status,
    ).toBe(200);
    expect(
      (await create({ requestId, url: 'https://a.example', notificationServiceTypes: ['INVOICE'] })).status,
    ).toBe(400);
  });

  it('answers unknown API paths with 404 and wrong methods with 405, as JSON', async () => {
    const sandbox = await sandboxForTest();
    const missing = await call(sandbox, '/api/v1/nothing', '{}', signed(sandbox, '{}'));
    expect(missing.status).toBe(404);
    expect(message(missing)).toContain('/api/v1/nothing');
    const wrongMethod = await call(sandbox, `${LIST}/create`, '{}', signed(sandbox, '{}'), 'DELETE');
    expect(wrongMethod.status).toBe(405);
  });

  it('serves its controls over HTTP', async () => {
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${sandbox.url}/_sandbox${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${sandbox.controlToken}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    expect((await control('POST', '/faults', { status: 418, count: 1 })).status).toBe(200);
    const body = listBody(sandbox, Date.now());
    expect((await call(sandbox, LIST, body, signed(sandbox, body))).status).toBe(418);
    expect((await control('POST', '/faults', { status: 'x' })).status).toBe(400);

    expect((await (await control('PUT', '/clock', { offsetMs: 5000 })).json()) as unknown).toEqual({
      clockOffsetMs: 5000,
    });
    const state = (await (await control('GET', '/state')).json()) as {
      subscriptions: { requestId: string; blockedByErrorCount: boolean }[];
    };
    const blocked = state.subscriptions.find((s) => s.blockedByErrorCount);
    if (blocked === undefined) throw new Error('the demo seed has a blocked subscription');
    const unblocked = (await (
      await control('POST', `/subscriptions/${blocked.requestId}/unblock`)
    ).json()) as {
      blockedByErrorCount: boolean;
      errorCount: number;
    };
    expect(unblocked).toMatchObject({ blockedByErrorCount: false, errorCount: 0 });
    const forced = (await (
      await control('PATCH', `/subscriptions/${blocked.requestId}`, { errorCount: 7 })
    ).json()) as {
      errorCount: number;
    };
    expect(forced.errorCount).toBe(7);
    expect((await control('PATCH', '/subscriptions/unknown-id', { errorCount: 1 })).status).toBe(404);

    expect((await control('PUT', '/receivers/switch/shop', { behaviour: 'fail' })).status).toBe(200);
    expect(
      (await fetch(`${sandbox.url}/_sandbox/receivers/switch/shop`, { method: 'POST', body: '{}' })).status,
    ).toBe(500);
    expect(
      (await fetch(`${sandbox.url}/_sandbox/receivers/switch/other`, { method: 'POST', body: '{}' })).status,
    ).toBe(200);
    expect((await fetch(`${sandbox.url}/_sandbox/receivers/ok`, { method: 'POST', body: '{}' })).status).toBe(
      200,
    );
    expect(
      (await fetch(`${sandbox.url}/_sandbox/receivers/fail`, { method: 'POST', body: '{}' })).status,
    ).toBe(500);

    const requests = (await (await control('GET', '/requests')).json()) as { requests: { path: string }[] };
    expect(requests.requests.map((r) => r.path)).toEqual([LIST]);
    const round = (await (await control('POST', '/deliver')).json()) as { attempts: unknown[] };
    expect(round.attempts).toHaveLength(3);
    expect((await control('GET', '/nowhere')).status).toBe(404);
  });
});

describe('the sandbox store', () => {
  it('names the subscription added last as the newest when two share a creation millisecond', () => {
    const account = { apiKey: 'k', apiSecret: 's', account: '0xabc' };
    const store = new SubscriptionStore([account], { blockAfter: 100, blockWindowMs: 60_000 });
    const at = Date.parse('2026-01-01T00:00:00.000Z');
    const older = store.add({ account: account.account, url: 'https://shop.example/a' }, at);
    const newer = store.add({ account: account.account, url: 'https://shop.example/b' }, at);
    const rotated = store.rotateKeys(account.account);
    expect(rotated?.requestId).toBe(newer.requestId);
    expect(rotated?.secretKey).not.toBe(newer.secretKey);
    expect(store.get(older.requestId)?.secretKey).not.toBe(older.secretKey);
  });
});
