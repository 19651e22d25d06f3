import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../main/core/api/signing';
import type { RecordedRequest, RunningSandbox } from '../../../main/core/sandbox/types';
import { sandboxClient, sandboxForTest } from '../../support/sandbox';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function lastRequest(sandbox: RunningSandbox): RecordedRequest {
  const request = sandbox.control.requests().at(-1);
  if (request === undefined) throw new Error('the sandbox received no request');
  return request;
}

/** The headers every call carries, and a Sign that verifies over the exact bytes received. */
function expectSigned(sandbox: RunningSandbox, request: RecordedRequest): void {
  expect(request.headers['key']).toBe(sandbox.credentials.apiKey);
  expect(request.headers['content-type']).toBe('application/json');
  expect(verifySignature(request.body, sandbox.credentials.apiSecret, request.headers['sign'] ?? '')).toBe(
    true,
  );
}

function expectRecentTimestamp(timestamp: unknown): void {
  expect(typeof timestamp).toBe('number');
  expect(Math.abs((timestamp as number) - Date.now())).toBeLessThan(60_000);
}

describe('Calypso client operations against the sandbox', () => {
  it('lists with the {account, timestamp} envelope', async () => {
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
    const channels = await sandboxClient(sandbox).list();
    expect(channels).toHaveLength(3);
    expect(channels.map((channel) => channel.blockedByErrorCount)).toEqual([false, false, true]);

    const request = lastRequest(sandbox);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/v1/subscription/webhook');
    expectSigned(sandbox, request);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['account', 'timestamp']);
    expect(body.account).toBe(sandbox.credentials.account);
    expectRecentTimestamp(body.timestamp);
    expect(request.body).toBe(JSON.stringify({ account: body.account, timestamp: body.timestamp }));
  });

  it('lists for polling: the list and a token, then only "unchanged" while the answer stays the same', async () => {
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
    const client = sandboxClient(sandbox);
    const first = await client.listIfChanged(null);
    if (!first.changed) throw new Error('the first answer must carry the list');
    expect(first.channels).toEqual(await client.list());
    // The token names the answer, never quotes it: no secret key in it.
    for (const channel of first.channels) expect(first.token).not.toContain(channel.secretKey);

    expect(await client.listIfChanged(first.token)).toEqual({
      changed: false,
      token: first.token,
      // The demo sandbox announces its own rule (more than 20 failures in 60 s) on every list answer.
      blockRule: { blockAfter: 20, windowMs: 60_000 },
    });
    // A token that is not this answer's gets the list again.
    expect(await client.listIfChanged('another answer')).toMatchObject({ changed: true, token: first.token });

    await client.create({ url: 'https://shop.example/added', notificationServiceTypes: ['INVOICE'] });
    const added = await client.listIfChanged(first.token);
    if (!added.changed) throw new Error('a new subscription must change the answer');
    expect(added.channels).toHaveLength(4);
    expect(added.token).not.toBe(first.token);

    await client.regenerateKeys();
    const rotated = await client.listIfChanged(added.token);
    expect(rotated.changed).toBe(true);
    expect(rotated.token).not.toBe(added.token);
    // Every call was a real, signed list request.
    const lists = sandbox.control
      .requests()
      .filter((r) => r.method === 'POST' && r.path === '/api/v1/subscription/webhook');
    expect(lists).toHaveLength(6);
  });

  it('creates with a client-generated UUID v4 and the documented payload', async () => {
    const sandbox = await sandboxForTest();
    const created = await sandboxClient(sandbox).create({
      url: 'https://shop.example/webhooks',
      notificationEventTypes: ['INVOICE_PAID'],
      notificationServiceTypes: ['PAYOUT'],
    });

    const request = lastRequest(sandbox);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/v1/subscription/webhook/create');
    expectSigned(sandbox, request);
    const body = JSON.parse(request.body) as {
      account: string;
      timestamp: number;
      payload: Record<string, unknown>;
    };
    expect(Object.keys(body)).toEqual(['account', 'timestamp', 'payload']);
    expect(Object.keys(body.payload)).toEqual([
      'requestId',
      'notificationEventTypes',
      'notificationServiceTypes',
      'url',
    ]);
    expect(body.payload.requestId).toMatch(UUID_V4);
    expect(body.payload).toMatchObject({
      notificationEventTypes: ['INVOICE_PAID'],
      notificationServiceTypes: ['PAYOUT'],
      url: 'https://shop.example/webhooks',
    });
    expectRecentTimestamp(body.timestamp);

    expect(created.requestId).toBe(body.payload.requestId);
    expect(created).toMatchObject({
      enabled: true,
      blockedByErrorCount: false,
      errorCount: 0,
      errorFirstDate: null,
    });
    expect(created.secretKey).not.toBe('');
    expect(sandbox.control.subscriptions()).toHaveLength(1);
  });

  it('changes by listing first and sending the complete merged state', async () => {
    const sandbox = await sandboxForTest();
    const client = sandboxClient(sandbox);
    const created = await client.create({
      url: 'https://shop.example/a',
      notificationEventTypes: ['INVOICE_PAID'],
    });
    sandbox.control.clearRequests();

    const changed = await client.change(created.requestId, { enabled: false });

    const [list, change] = sandbox.control.requests();
    expect(sandbox.control.requests()).toHaveLength(2);
    expect(list?.path).toBe('/api/v1/subscription/webhook');
    expect(change?.path).toBe('/api/v1/subscription/webhook/change');
    expect(change?.method).toBe('POST');
    if (change === undefined) throw new Error('no change request');
    expectSigned(sandbox, change);
    const body = JSON.parse(change.body) as { account: string; timestamp: number; payload: unknown };
    expect(Object.keys(body)).toEqual(['account', 'timestamp', 'payload']);
    expect(body.payload).toEqual({
      requestId: created.requestId,
      url: 'https://shop.example/a',
      notificationEventTypes: ['INVOICE_PAID'],
      notificationServiceTypes: [],
      enabled: false,
    });
    expect(changed.enabled).toBe(false);
    expect(sandbox.control.subscriptions()[0]?.enabled).toBe(false);
  });

  it('change of an unknown subscription is not-found and sends no change', async () => {
    const sandbox = await sandboxForTest();
    const error = await sandboxClient(sandbox)
      .change('3b241101-e2bb-4255-8caf-4136c566a962', { enabled: true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-found' });
    expect((error as Error).message).toContain('3b241101-e2bb-4255-8caf-4136c566a962');
    expect(sandbox.control.requests().map((r) => r.path)).toEqual(['/api/v1/subscription/webhook']);
  });

  it('deletes with DELETE and a JSON body carrying the requestId', async () => {
    const sandbox = await sandboxForTest();
    const client = sandboxClient(sandbox);
    const created = await client.create({
      url: 'https://shop.example/a',
      notificationServiceTypes: ['INVOICE'],
    });

    await expect(client.delete(created.requestId)).resolves.toBeUndefined();

    const request = lastRequest(sandbox);
    expect(request.method).toBe('DELETE');
    expect(request.path).toBe('/api/v1/subscription/webhook');
    expectSigned(sandbox, request);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['account', 'timestamp', 'payload']);
    expect(body.payload).toEqual({ requestId: created.requestId });
    expect(sandbox.control.subscriptions()).toEqual([]);
  });

  it('regenerates keys with a {timestamp}-only body and returns the newest channel with new keys', async () => {
    const sandbox = await sandboxForTest();
    const client = sandboxClient(sandbox);
    await client.create({ url: 'https://shop.example/old', notificationServiceTypes: ['INVOICE'] });
    const newest = await client.create({
      url: 'https://shop.example/new',
      notificationServiceTypes: ['PAYOUT'],
    });

    const regenerated = await client.regenerateKeys();

    const request = lastRequest(sandbox);
    expect(request.method).toBe('DELETE');
    expect(request.path).toBe('/api/v1/subscription/webhook/api-keys/regenerate');
    expectSigned(sandbox, request);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['timestamp']);
    expectRecentTimestamp(body.timestamp);
    expect(regenerated.requestId).toBe(newest.requestId);
    expect(regenerated.secretKey).not.toBe(newest.secretKey);
    expect(regenerated.publicKey).not.toBe(newest.publicKey);
  });

  it('regenerate on an account without subscriptions is not-found with the server message', async () => {
    const sandbox = await sandboxForTest();
    const error = await sandboxClient(sandbox)
      .regenerateKeys()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
    expect((error as { serverMessage?: string }).serverMessage).toMatch(/create one/);
  });

  it('learns the clock offset from the Date header', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.setClockOffset(90_000);
    const client = sandboxClient(sandbox);
    await client.list();
    expect(Math.abs(client.clockOffsetMs() - 90_000)).toBeLessThan(2_000);
  });
});
