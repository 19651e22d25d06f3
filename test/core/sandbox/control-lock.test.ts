/**
 * The sandbox's locks, checked from outside with raw HTTP: the control token on every /_sandbox/
 * control route, no request from a web page (Origin) or through a rebound name (Host), recorded
 * Key/Sign values only with the token, and receivers that still take deliveries without it.
 */
import { describe, expect, it } from 'vitest';
import { sign } from '../../../main/core/api/signing';
import type { RunningSandbox } from '../../../main/core/sandbox/types';
import { rawRequest, type RawAnswer, type RawRequest } from '../../support/raw-http';
import { sandboxForTest } from '../../support/sandbox';

const LIST = '/api/v1/subscription/webhook';
const CREATE = '/api/v1/subscription/webhook/create';

function own(sandbox: RunningSandbox): Record<string, string> {
  return { Host: `127.0.0.1:${sandbox.port}` };
}

function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

function send(sandbox: RunningSandbox, request: RawRequest): Promise<RawAnswer> {
  return rawRequest(sandbox.port, request);
}

/** A correctly signed API request for the sandbox's main account. */
function signedApi(sandbox: RunningSandbox, path: string, payload?: object): RawRequest {
  const body = JSON.stringify({
    account: sandbox.credentials.account,
    timestamp: Date.now(),
    ...(payload === undefined ? {} : { payload }),
  });
  return {
    method: 'POST',
    path,
    body,
    headers: {
      ...own(sandbox),
      'Content-Type': 'application/json',
      Key: sandbox.credentials.apiKey,
      Sign: sign(body, sandbox.credentials.apiSecret),
    },
  };
}

/** The state a refused request must leave alone, read in process (not through the routes under test). */
function snapshot(sandbox: RunningSandbox) {
  return {
    clock: sandbox.control.clockOffsetMs(),
    subscriptions: sandbox.control.subscriptions(),
    deliveries: sandbox.control.deliveries().length,
    requests: sandbox.control.requests().length,
  };
}

/** Every control route with a valid body, and what it answers when the token is right. */
function controlRoutes(blockedId: string): [RawRequest, number][] {
  const json = (method: string, path: string, body: unknown): RawRequest => ({
    method,
    path,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
  return [
    [{ method: 'GET', path: '/_sandbox/state' }, 200],
    [json('POST', '/_sandbox/faults', { status: 503, count: 'always' }), 200],
    [{ method: 'DELETE', path: '/_sandbox/faults' }, 200],
    [json('PUT', '/_sandbox/clock', { offsetMs: 3_600_000 }), 200],
    [
      json('POST', '/_sandbox/subscriptions', {
        url: 'http://127.0.0.1:9/x',
        notificationServiceTypes: ['A'],
      }),
      200,
    ],
    [{ method: 'POST', path: `/_sandbox/subscriptions/${blockedId}/unblock` }, 200],
    [json('PATCH', `/_sandbox/subscriptions/${blockedId}`, { errorCount: 99 }), 200],
    [json('PUT', '/_sandbox/receivers/switch/payouts', { behaviour: 'fail' }), 200],
    [{ method: 'POST', path: '/_sandbox/deliver' }, 200],
    [{ method: 'GET', path: '/_sandbox/deliveries' }, 200],
    [{ method: 'GET', path: '/_sandbox/requests' }, 200],
    [{ method: 'DELETE', path: '/_sandbox/requests' }, 200],
    [{ method: 'GET', path: '/_sandbox/received' }, 200],
    [{ method: 'GET', path: '/_sandbox/nowhere' }, 404],
    [{ method: 'GET', path: '/_sandbox' }, 404],
    // Receiver-looking paths that are not receivers stay behind the token.
    [{ method: 'GET', path: '/_sandbox/receivers/../state' }, 200],
    [{ method: 'POST', path: '/_sandbox/receivers/nobody' }, 404],
    [{ method: 'POST', path: '/_sandbox/hooks/..%2Fstate' }, 404],
  ];
}

async function demoSandbox(): Promise<{ sandbox: RunningSandbox; blockedId: string }> {
  const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
  const blocked = sandbox.control.subscriptions().find((s) => s.blockedByErrorCount);
  if (blocked === undefined) throw new Error('the demo seed has a blocked subscription');
  return { sandbox, blockedId: blocked.requestId };
}

describe('sandbox: control routes need the control token', () => {
  it('refuses every control route without the token, with a wrong one or in the wrong form, and changes nothing', async () => {
    const { sandbox, blockedId } = await demoSandbox();
    const before = snapshot(sandbox);
    const wrongCredentials: Record<string, string>[] = [
      {},
      bearer('wrong'),
      bearer(`${sandbox.controlToken}x`),
      bearer(sandbox.controlToken.slice(1)),
      { Authorization: `Basic ${sandbox.controlToken}` },
      { Authorization: sandbox.controlToken },
      { 'X-Sandbox-Token': sandbox.controlToken },
    ];
    for (const [route] of controlRoutes(blockedId)) {
      for (const credentials of wrongCredentials) {
        const answer = await send(sandbox, {
          ...route,
          headers: { ...route.headers, ...own(sandbox), ...credentials },
        });
        expect([route.method, route.path, answer.status]).toEqual([route.method, route.path, 401]);
        expect(answer.headers['www-authenticate']).toBe('Bearer realm="sandbox"');
        expect(answer.body).toContain('Authorization: Bearer <token>');
      }
      const inQuery = await send(sandbox, {
        ...route,
        path: `${route.path}?token=${sandbox.controlToken}`,
        headers: { ...route.headers, ...own(sandbox) },
      });
      expect(inQuery.status).toBe(401);
    }
    expect(snapshot(sandbox)).toEqual(before);
    // The faults route was refused: an API call is answered normally.
    expect((await send(sandbox, signedApi(sandbox, LIST))).status).toBe(200);
  });

  it('serves every control route with the token', async () => {
    const { sandbox, blockedId } = await demoSandbox();
    for (const [route, status] of controlRoutes(blockedId)) {
      const headers = { ...route.headers, ...own(sandbox), ...bearer(sandbox.controlToken) };
      const answer = await send(sandbox, { ...route, headers });
      expect([route.method, route.path, answer.status]).toEqual([route.method, route.path, status]);
    }
    expect(sandbox.control.clockOffsetMs()).toBe(3_600_000);
    expect(sandbox.control.subscriptions()).toHaveLength(4);
  });

  it('makes a new token for every run: one run’s token does not open another', async () => {
    const first = await sandboxForTest();
    const second = await sandboxForTest();
    expect(first.controlToken).not.toBe(second.controlToken);
    expect(first.controlToken).toMatch(/^[\w-]{43}$/);
    const state = { method: 'GET', path: '/_sandbox/state' };
    const crossed = await send(second, {
      ...state,
      headers: { ...own(second), ...bearer(first.controlToken) },
    });
    expect(crossed.status).toBe(401);
  });
});

describe('sandbox: no web page can drive it', () => {
  const origins = (port: number) => [
    'http://evil.example',
    'null',
    `http://127.0.0.1:${port}`,
    `http://localhost:${port}`,
  ];

  it('refuses any request with an Origin header, control and API alike, before it has any effect', async () => {
    const { sandbox } = await demoSandbox();
    const before = snapshot(sandbox);
    for (const origin of origins(sandbox.port)) {
      const clock: RawRequest = {
        method: 'PUT',
        path: '/_sandbox/clock',
        body: '{"offsetMs":5000}',
        headers: {
          ...own(sandbox),
          ...bearer(sandbox.controlToken),
          'Content-Type': 'application/json',
          Origin: origin,
        },
      };
      expect((await send(sandbox, clock)).status).toBe(403);
      const create = signedApi(sandbox, CREATE, {
        requestId: crypto.randomUUID(),
        url: 'http://127.0.0.1:9/x',
        notificationServiceTypes: ['INVOICE'],
      });
      const refused = await send(sandbox, { ...create, headers: { ...create.headers, Origin: origin } });
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('Origin');
      const preflight = await send(sandbox, {
        method: 'OPTIONS',
        path: '/_sandbox/clock',
        headers: { ...own(sandbox), Origin: origin, 'Access-Control-Request-Method': 'PUT' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    }
    // Nothing reached the clock, the store or the request log.
    expect(snapshot(sandbox)).toEqual(before);
    const listed = await send(sandbox, signedApi(sandbox, LIST));
    expect(listed.status).toBe(200);
  });

  it('answers only requests addressed to its own 127.0.0.1:PORT or localhost:PORT (no DNS rebinding)', async () => {
    const { sandbox } = await demoSandbox();
    const { port } = sandbox;
    const before = snapshot(sandbox);
    const foreign = [
      `attacker.example:${port}`,
      'attacker.example',
      `127.0.0.1.nip.io:${port}`,
      `localhost.:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      'localhost',
      `[::1]:${port}`,
    ];
    for (const host of foreign) {
      const clock: RawRequest = {
        method: 'PUT',
        path: '/_sandbox/clock',
        body: '{"offsetMs":5000}',
        headers: { Host: host, ...bearer(sandbox.controlToken), 'Content-Type': 'application/json' },
      };
      expect([host, (await send(sandbox, clock)).status]).toEqual([host, 403]);
      const list = signedApi(sandbox, LIST);
      expect([
        host,
        (await send(sandbox, { ...list, headers: { ...list.headers, Host: host } })).status,
      ]).toEqual([host, 403]);
    }
    // HTTP/1.0 may leave out Host; the sandbox still wants its own.
    const hostless = await send(sandbox, {
      method: 'GET',
      path: '/_sandbox/state',
      version: 'HTTP/1.0',
      headers: bearer(sandbox.controlToken),
    });
    expect(hostless.status).toBe(403);
    expect(snapshot(sandbox)).toEqual(before);

    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const state = {
        method: 'GET',
        path: '/_sandbox/state',
        headers: { Host: host, ...bearer(sandbox.controlToken) },
      };
      expect([host, (await send(sandbox, state)).status]).toEqual([host, 200]);
    }
  });
});

describe('sandbox: recorded requests and deliveries', () => {
  it('never shows Key or Sign values without the token', async () => {
    const { sandbox } = await demoSandbox();
    const api = signedApi(sandbox, LIST);
    expect((await send(sandbox, api)).status).toBe(200);
    const apiSign = api.headers?.['Sign'] ?? '';
    // A delivery to a built-in receiver carries the subscription's webhook Key and Sign.
    const [attempt] = await sandbox.control.deliverNow();
    expect(attempt?.ok).toBe(true);
    const delivered = sandbox.control.received()[0]?.headers ?? {};
    const secrets = [sandbox.credentials.apiKey, apiSign, delivered['key'] ?? '', delivered['sign'] ?? ''];
    expect(secrets.every((value) => value.length > 0)).toBe(true);

    const views = ['/_sandbox/requests', '/_sandbox/received', '/_sandbox/state', '/_sandbox/deliveries'];
    const attempts: Record<string, string>[] = [
      own(sandbox),
      { ...own(sandbox), ...bearer('wrong') },
      { ...own(sandbox), ...bearer(sandbox.controlToken), Origin: 'http://evil.example' },
      { Host: `rebound.example:${sandbox.port}`, ...bearer(sandbox.controlToken) },
    ];
    for (const path of views) {
      for (const headers of attempts) {
        const answer = await send(sandbox, { method: 'GET', path, headers });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        for (const secret of secrets) expect(answer.body).not.toContain(secret);
      }
    }
    // With the token, the records are there: the refusals above hid something real.
    const withToken = await send(sandbox, {
      method: 'GET',
      path: '/_sandbox/requests',
      headers: { ...own(sandbox), ...bearer(sandbox.controlToken) },
    });
    expect(withToken.body).toContain(sandbox.credentials.apiKey);
    expect(withToken.body).toContain(apiSign);
  });

  it('lets deliveries reach the built-in receivers without the token', async () => {
    const { sandbox } = await demoSandbox();
    const post = (path: string, host = `127.0.0.1:${sandbox.port}`) =>
      send(sandbox, {
        method: 'POST',
        path,
        body: '{}',
        headers: { Host: host, 'Content-Type': 'application/json' },
      });
    expect((await post('/_sandbox/receivers/ok')).status).toBe(200);
    expect((await post('/_sandbox/receivers/fail')).status).toBe(500);
    expect((await post('/_sandbox/receivers/switch/anything')).status).toBe(200);
    expect((await post('/_sandbox/hooks/shop-invoices', `localhost:${sandbox.port}`)).status).toBe(200);
    expect(sandbox.control.received().map((delivery) => delivery.receiver)).toEqual([
      'ok',
      'fail',
      'switch/anything',
      'switch/shop-invoices',
    ]);
    // The demo's webhooks point at its hooks: the sandbox's own deliveries get through.
    const round = await sandbox.control.deliverNow();
    expect(round.map((attempt) => attempt.status)).toEqual([200, 500]);
  });
});
