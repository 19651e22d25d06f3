/**
 * Every limit of the IPC contract, at and one past it, with literal numbers (not read from the
 * contract): a changed or dropped limit fails here. Then the URL schemes the handlers refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { contract, type ChannelKey } from '../../main/ipc/contract';
import type { SenderInfo } from '../../main/ipc/sender-policy';
import { validExamples } from './contract-examples';
import { realWorld, type RealWorld } from './real-services';

const ours: SenderInfo = { webContentsId: 1, isMainFrame: true, url: 'app://renderer/index.html' };
const keys = Object.keys(contract) as ChannelKey[];

function gate() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    keys.map((key) => [key, async () => (calls.push(key), { ok: true, value: null })]),
  ) as unknown as Handlers;
  return { dispatch: createDispatch(handlers, () => true), calls };
}

const text = (length: number) => 'a'.repeat(length);
const list = (length: number) => Array.from({ length }, (_, i) => `T${i}`);

/** [channel, field, value at the limit, value past it] */
const limits: [ChannelKey, string, unknown, unknown][] = [
  ['removeProfile', 'id', text(200), text(201)],
  ['removeProfile', 'id', 'a', ''],
  ['listSubscriptions', 'profileId', text(200), text(201)],
  ['deleteSubscription', 'requestId', text(200), text(201)],
  ['addProfile', 'name', text(100), text(101)],
  ['addProfile', 'name', ` ${text(100)} `, '   '],
  ['addProfile', 'account', text(200), text(201)],
  ['addProfile', 'apiKey', text(500), text(501)],
  ['addProfile', 'apiSecret', text(500), text(501)],
  ['addProfile', 'apiSecret', 'x', ''],
  ['addProfile', 'baseUrl', `https://a.example/${text(2048 - 18)}`, `https://a.example/${text(2049 - 18)}`],
  ['updateProfile', 'apiSecret', text(500), text(501)],
  ['createSubscription', 'url', `https://a.example/${text(2048 - 18)}`, ''],
  ['createSubscription', 'notificationEventTypes', list(200), list(201)],
  ['createSubscription', 'notificationServiceTypes', [text(200)], [text(201)]],
  ['createSubscription', 'notificationServiceTypes', ['x'], ['']],
  ['changeSubscription', 'notificationEventTypes', list(200), list(201)],
  ['setSettings', 'normalIntervalSec', 1, 0],
  ['setSettings', 'normalIntervalSec', 3600, 3601],
  ['setSettings', 'fastIntervalSec', 3600, 1.5],
  ['setSettings', 'extraCaFile', text(4096), text(4097)],
  ['eventLog', 'limit', 1, 0],
  ['eventLog', 'limit', 500, 501],
  ['pauseMonitoring', 'until', '2030-01-01T00:00:00+02:00', '2030-01-01 00:00'],
  ['snooze', 'until', null, 'tomorrow'],
];

describe('IPC limits, at and past each one', () => {
  it.each(limits)(
    '%s.%s: the limit passes the gate, one past it is refused',
    async (key, field, at, past) => {
      const { dispatch, calls } = gate();
      const base = validExamples[key] as Record<string, unknown>;
      expect(await dispatch(key, { ...base, [field]: at }, ours)).toEqual({ ok: true, value: null });
      expect(calls).toEqual([key]);
      const refused = await dispatch(key, { ...base, [field]: past }, ours);
      expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } });
      if (!refused.ok) expect(refused.error.message).toContain(field);
      expect(calls).toEqual([key]);
    },
  );

  it('an unknown field, a missing required one, or a non-object payload is refused', async () => {
    const { dispatch, calls } = gate();
    for (const payload of [{ profileId: 'p', extra: 1 }, {}, null, 'p', ['p'], 7]) {
      expect(await dispatch('listSubscriptions', payload, ours)).toMatchObject({ ok: false });
    }
    expect(calls).toEqual([]);
  });
});

describe('URL schemes the handlers refuse, before anything is sent', () => {
  let world: RealWorld;
  beforeAll(async () => {
    world = await realWorld();
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ftp://example.com/hook',
    'http://shop.example/hook',
    'https://user:pass@shop.example/hook',
    'not a url',
  ])('webhook URL %s', async (url) => {
    const { id } = ((await world.handlers.startSandboxDemo({})) as { ok: true; value: { id: string } }).value;
    const before = world.services.sandboxDemo.current()!.sandbox.control.subscriptions().length;
    const result = await world.handlers.createSubscription({
      profileId: id,
      url,
      notificationEventTypes: ['INVOICE_PAID'],
      notificationServiceTypes: [],
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(world.services.sandboxDemo.current()!.sandbox.control.subscriptions()).toHaveLength(before);
  });

  it.each(['file:///tmp/x', 'ftp://api.example', 'http://api.example', 'https://api.example/?q=1'])(
    'account base URL %s',
    async (baseUrl) => {
      const result = await world.handlers.addProfile({
        name: 'Bad',
        baseUrl,
        account: 'a',
        apiKey: 'k',
        apiSecret: 's',
        verify: false,
      });
      expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
      expect(world.services.profiles.list()).toEqual([]);
    },
  );
});
