import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../../main/core/sandbox';
import { SANDBOX_PROFILE_ID } from '../../main/core/sandbox/sandbox-demo';
import { contract, type ChannelKey, type Result } from '../../main/ipc/contract';
import { createDispatch } from '../../main/ipc/dispatch';
import { realWorld, type RealWorld } from './real-services';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe('createHandlers over real services, the real sandbox and the real keychain', () => {
  let world: RealWorld;
  const responses = new Map<ChannelKey, unknown[]>();
  const record = <T>(key: ChannelKey, result: Result<T>): Result<T> => {
    responses.set(key, [...(responses.get(key) ?? []), result]);
    return result;
  };

  // What main pushes to the window: every snapshot, every notification the policy selects.
  const pushes: unknown[] = [];

  beforeAll(async () => {
    world = await realWorld();
    world.services.onSnapshot((snapshot) => pushes.push(['snapshot', snapshot]));
    world.services.onNotification((notification) => pushes.push(['notification', notification]));
  });
  afterAll(async () => {
    await world?.dispose();
  });

  /** A demo webhook's secret as the sandbox issued it: the oracle, independent of the handlers. */
  const sandboxSecret = (requestId: string): string =>
    world.services.sandboxDemo
      .current()!
      .sandbox.control.subscriptions()
      .find((s) => s.requestId === requestId)!.secretKey;

  it('walks every channel of the contract, and no response ever carries an API secret', async () => {
    const h = world.handlers;
    const { sandbox, apiSecret } = world;

    expect(unwrap(record('listProfiles', await h.listProfiles({})))).toEqual([]);
    const added = unwrap(
      record(
        'addProfile',
        await h.addProfile({
          name: 'Shop',
          baseUrl: sandbox.url,
          account: sandbox.credentials.account,
          apiKey: sandbox.credentials.apiKey,
          apiSecret,
        }),
      ),
    );
    expect(added).toMatchObject({ id: 'shop', hasSecret: true, isSandbox: false });
    expect(added).not.toHaveProperty('apiSecret');

    const updated = unwrap(
      record('updateProfile', await h.updateProfile({ id: 'shop', name: 'Shop EU', apiSecret })),
    );
    expect(updated.name).toBe('Shop EU');
    const tested = unwrap(record('testProfile', await h.testProfile({ id: 'shop' })));
    expect(tested.subscriptions).toBe(3);

    const demo = unwrap(record('startSandboxDemo', await h.startSandboxDemo({})));
    expect(demo).toMatchObject({ id: SANDBOX_PROFILE_ID, isSandbox: true, hasSecret: true });
    const profiles = unwrap(record('listProfiles', await h.listProfiles({})));
    expect(profiles.map((p) => [p.id, p.isSandbox])).toEqual([
      ['shop', false],
      [SANDBOX_PROFILE_ID, true],
    ]);

    await sandbox.control.deliverNow();
    const channels = unwrap(record('listSubscriptions', await h.listSubscriptions({ profileId: 'shop' })));
    expect(channels.map((c) => c.health).sort()).toEqual(['blocked', 'failing', 'healthy']);
    for (const channel of channels) expect(channel).not.toHaveProperty('secretKey');

    const created = unwrap(
      record(
        'createSubscription',
        await h.createSubscription({
          profileId: 'shop',
          url: sandbox.control.receiverUrl('ok'),
          notificationEventTypes: ['INVOICE_PAID'],
          notificationServiceTypes: [],
        }),
      ),
    );
    expect(created.health).toBe('healthy');
    const snapshotAfterCreate = unwrap(record('getSnapshot', await h.getSnapshot({})));
    expect(snapshotAfterCreate.profiles.find((p) => p.profileId === 'shop')!.channels).toHaveLength(4);

    const changed = unwrap(
      record(
        'changeSubscription',
        await h.changeSubscription({ profileId: 'shop', requestId: created.requestId, enabled: false }),
      ),
    );
    expect(changed.health).toBe('disabled');

    const stored = sandbox.control.subscriptions().find((s) => s.requestId === created.requestId)!;
    const revealed = unwrap(
      record('revealSecret', await h.revealSecret({ profileId: 'shop', requestId: created.requestId })),
    );
    // Main shows the secret in its own dialog; the window's answer holds nothing secret.
    expect(revealed).toEqual({ shown: true });
    expect(world.ports.dialogs.secrets.at(-1)).toMatchObject({
      detail: stored.secretKey,
      message: expect.stringContaining(sandbox.control.receiverUrl('ok')),
    });
    unwrap(record('copySecret', await h.copySecret({ profileId: 'shop', requestId: created.requestId })));

    const regenerated = unwrap(record('regenerateKeys', await h.regenerateKeys({ profileId: 'shop' })));
    expect(regenerated).not.toHaveProperty('secretKey');

    unwrap(
      record(
        'deleteSubscription',
        await h.deleteSubscription({ profileId: 'shop', requestId: created.requestId }),
      ),
    );
    expect(sandbox.control.subscriptions().some((s) => s.requestId === created.requestId)).toBe(false);

    unwrap(record('checkNow', await h.checkNow({})));
    const paused = unwrap(
      record(
        'pauseMonitoring',
        await h.pauseMonitoring({ until: new Date(Date.now() + 3_600_000).toISOString() }),
      ),
    );
    expect(paused.pausedUntil).not.toBeNull();
    expect(unwrap(record('resumeMonitoring', await h.resumeMonitoring({}))).pausedUntil).toBeNull();
    const until = new Date(Date.now() + 900_000).toISOString();
    // A webhook the snapshot shows: a snooze for one the app does not know is refused.
    const snoozedId = channels[0]!.requestId;
    const snoozed = unwrap(
      record('snooze', await h.snooze({ profileId: 'shop', requestId: snoozedId, until })),
    );
    expect(snoozed.channelSnoozes[`shop/${snoozedId}`]).toBe(until);
    expect(unwrap(record('snooze', await h.snooze({ until }))).snoozeAllUntil).toBe(until);
    unwrap(record('getSettings', await h.getSettings({})));
    const settings = unwrap(
      record('setSettings', await h.setSettings({ normalIntervalSec: 120, launchAtLogin: true })),
    );
    expect(settings).toMatchObject({ normalIntervalSec: 120, launchAtLogin: true });
    expect(world.ports.loginItem.enabled).toBe(true);

    const history = unwrap(
      record(
        'channelHistory',
        await h.channelHistory({ profileId: 'shop', requestId: channels[0]!.requestId }),
      ),
    );
    expect(history.points.length).toBeGreaterThan(0);
    // Main finds the URL itself; the failing receiver is on loopback, which a diagnosis the merchant asks may reach.
    const failing = channels.find((c) => c.health === 'failing')!;
    const diagnosis = unwrap(
      record('diagnose', await h.diagnose({ profileId: 'shop', requestId: failing.requestId })),
    );
    expect(diagnosis.url).toBe(failing.url);
    expect(diagnosis.severity).toBe('problem');
    expect(diagnosis.steps.map((step) => [step.step, step.ok])).toEqual([
      ['dns', true],
      ['tcp', true],
      ['http', false],
    ]);
    expect(diagnosis.problems.map((problem) => problem.code)).toEqual(['http-5xx']);
    // The regeneration above is in the webhook's activity, account-wide; nothing secret comes with it.
    const activity = unwrap(
      record(
        'channelActivity',
        await h.channelActivity({ profileId: 'shop', requestId: channels[0]!.requestId }),
      ),
    );
    expect(activity.entries.map((e) => [e.action, e.requestId, e.by])).toContainEqual([
      'keys-regenerated',
      null,
      'app',
    ]);
    const events = unwrap(record('eventLog', await h.eventLog({ limit: 50 })));
    expect(events.some((e) => e.type === 'keys-regenerated' || e.type === 'added')).toBe(true);

    expect(unwrap(record('openDashboard', await h.openDashboard({ profileId: 'shop' }))).opened).toBe(
      'https://dashboard.calypso.finance',
    );
    const info = unwrap(record('appInfo', await h.appInfo({})));
    expect(info).toMatchObject({
      version: '0.0.0-test',
      sandboxUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
    });

    expect(unwrap(record('showWindow', await h.showWindow({})))).toEqual({ shown: false });

    expect(unwrap(record('stopSandboxDemo', await h.stopSandboxDemo({})))).toEqual({ stopped: true });
    expect(unwrap(record('removeProfile', await h.removeProfile({ id: 'shop' })))).toEqual({
      removed: 'shop',
    });
    expect(world.services.profiles.list()).toEqual([]);

    // Every channel was called, and no response, ok or error, holds either API secret.
    expect([...responses.keys()].sort()).toEqual(Object.keys(contract).sort());
    const everything = JSON.stringify([...responses.values()]);
    expect(everything).not.toContain(apiSecret);
    expect(everything).not.toContain(DEFAULT_SANDBOX_CREDENTIALS.apiSecret);
    // Nor any webhook signing secret the sandbox issued (read from the sandbox, not the handlers).
    for (const { secretKey } of sandbox.control.subscriptions()) expect(everything).not.toContain(secretKey);
    expect(everything).not.toContain(stored.secretKey);

    // Nor does anything pushed to the window meanwhile.
    const kinds = new Set(pushes.map((p) => (p as [string])[0]));
    expect([...kinds].sort()).toEqual(['notification', 'snapshot']);
    const pushed = JSON.stringify(pushes);
    expect(pushed).not.toContain(apiSecret);
    expect(pushed).not.toContain(DEFAULT_SANDBOX_CREDENTIALS.apiSecret);
  });

  it('a failing call that carries the API secret does not echo it in its error', async () => {
    const { sandbox, apiSecret } = world;
    const dispatch = createDispatch(world.handlers, () => true);
    const valid = {
      name: 'Echo',
      baseUrl: sandbox.url,
      account: sandbox.credentials.account,
      apiKey: sandbox.credentials.apiKey,
      apiSecret,
    };
    unwrap(await world.handlers.addProfile(valid));
    const failing: [string, unknown][] = [
      // Refused by the IPC gate.
      ['addProfile', { ...valid, note: apiSecret }],
      ['addProfile', { ...valid, [apiSecret]: true }],
      ['addProfile', { ...valid, name: '' }],
      ['addProfile', { ...valid, apiSecret: apiSecret.repeat(30) }],
      ['addProfile', { ...valid, apiSecret: 42, apiKey: apiSecret.repeat(30) }],
      ['updateProfile', { id: 'echo', apiSecret: '' }],
      // Refused by the handlers: a bad base URL beside the secret, a duplicate, an unknown profile.
      ['addProfile', { ...valid, name: 'Echo 2', baseUrl: 'ftp://example.com' }],
      ['addProfile', valid],
      ['updateProfile', { id: 'echo', baseUrl: 'not a url', apiSecret }],
      ['updateProfile', { id: 'nope', apiSecret }],
    ];
    for (const [channel, payload] of failing) {
      const result = await dispatch(channel, payload, {
        webContentsId: 1,
        isMainFrame: true,
        url: 'file:///app/out/renderer/index.html',
      });
      expect(result, `${channel} ${JSON.stringify(Object.keys(payload as object))}`).toMatchObject({
        ok: false,
        error: { kind: expect.stringMatching(/^(validation|not-found)$/) },
      });
      expect(JSON.stringify(result)).not.toContain(apiSecret);
    }
    unwrap(await world.handlers.removeProfile({ id: 'echo' }));
  });

  it('copySecret clears the clipboard after 30 s only if it still holds the secret', async () => {
    const h = world.handlers;
    const { clipboard, timers } = world.ports;
    const demo = unwrap(await h.startSandboxDemo({}));
    const [channel] = unwrap(await h.listSubscriptions({ profileId: demo.id }));
    timers.length = 0;
    const copied = unwrap(await h.copySecret({ profileId: demo.id, requestId: channel!.requestId }));
    const secret = sandboxSecret(channel!.requestId);
    expect(clipboard.text).toBe(secret);
    expect(timers.map((t) => t.ms)).toEqual([30_000]);
    expect(Date.parse(copied.clearsAt)).toBeGreaterThan(Date.now());
    timers[0]!.callback();
    await new Promise((resolve) => setImmediate(resolve));
    expect(clipboard.text).toBe('');

    unwrap(await h.copySecret({ profileId: demo.id, requestId: channel!.requestId }));
    clipboard.text = 'something the merchant copied since';
    timers[1]!.callback();
    await new Promise((resolve) => setImmediate(resolve));
    expect(clipboard.text).toBe('something the merchant copied since');
    await h.stopSandboxDemo({});
  });

  it('dispose (the app quitting) clears a copied secret at once and cancels its timer', async () => {
    const h = world.handlers;
    const { clipboard, timers, cancelled } = world.ports;
    const demo = unwrap(await h.startSandboxDemo({}));
    const [first, second] = unwrap(await h.listSubscriptions({ profileId: demo.id }));
    const secretOf = async (requestId: string) => sandboxSecret(requestId);
    await h.dispose(); // the first test's copy is still pending

    timers.length = 0;
    cancelled.length = 0;
    unwrap(await h.copySecret({ profileId: demo.id, requestId: first!.requestId }));
    unwrap(await h.copySecret({ profileId: demo.id, requestId: second!.requestId }));
    expect(clipboard.text).toBe(await secretOf(second!.requestId));
    await h.dispose();
    expect(clipboard.text).toBe('');
    expect(cancelled.sort()).toEqual([0, 1]);

    // What the merchant copied after our secret stays; a timer that already fired is not pending.
    timers.length = 0;
    cancelled.length = 0;
    unwrap(await h.copySecret({ profileId: demo.id, requestId: first!.requestId }));
    timers[0]!.callback();
    unwrap(await h.copySecret({ profileId: demo.id, requestId: first!.requestId }));
    clipboard.text = 'something the merchant copied since';
    await h.dispose();
    expect(clipboard.text).toBe('something the merchant copied since');
    expect(cancelled).toEqual([1]);
    await h.dispose();
    expect(cancelled).toEqual([1]);
    await h.stopSandboxDemo({});
  });

  it('answers errors as typed Results: unknown profile, sandbox edits, wrong secret, vanished webhook', async () => {
    const h = world.handlers;
    const missing = await h.listSubscriptions({ profileId: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found' } });

    // Saved without the connection test (verify: false), a wrong secret is refused by testProfile.
    const wrong = unwrap(
      await h.addProfile({
        name: 'Wrong',
        baseUrl: world.sandbox.url,
        account: world.sandbox.credentials.account,
        apiKey: world.sandbox.credentials.apiKey,
        apiSecret: 'not-the-secret',
        verify: false,
      }),
    );
    const test = await h.testProfile({ id: wrong.id });
    expect(test).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(JSON.stringify(test)).not.toContain(world.apiSecret);

    const demo = unwrap(await h.startSandboxDemo({}));
    expect(await h.updateProfile({ id: demo.id, name: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    expect(await h.revealSecret({ profileId: demo.id, requestId: 'gone' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    expect(await h.pauseMonitoring({ until: '2000-01-01T00:00:00.000Z' })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    expect(await h.snooze({ requestId: 'r', until: null })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    unwrap(await h.removeProfile({ id: demo.id }));
    expect(world.services.sandboxDemo.current()).toBeNull();
    unwrap(await h.removeProfile({ id: wrong.id }));
  });

  it('tests new credentials before saving them: a wrong secret leaves no account and no keychain entry', async () => {
    const h = world.handlers;
    const { sandbox } = world;
    const before = unwrap(await h.listProfiles({})).map((p) => p.id);
    const refused = await h.addProfile({
      name: 'Typo',
      baseUrl: sandbox.url,
      account: sandbox.credentials.account,
      apiKey: sandbox.credentials.apiKey,
      apiSecret: 'typo-in-the-secret',
    });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'auth' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/Nothing was saved\.$/);
    expect(unwrap(await h.listProfiles({})).map((p) => p.id)).toEqual(before);
    expect(await world.secrets.get('typo')).toBeNull();

    const saved = unwrap(
      await h.addProfile({
        name: 'Typo',
        baseUrl: sandbox.url,
        account: sandbox.credentials.account,
        apiKey: sandbox.credentials.apiKey,
        apiSecret: world.apiSecret,
      }),
    );
    // Changing the secret to a wrong one is refused too, and the working secret stays.
    const badUpdate = await h.updateProfile({ id: saved.id, apiSecret: 'another-typo' });
    expect(badUpdate).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(await world.secrets.get(saved.id)).toBe(world.apiSecret);
    // A rename sends nothing and needs no test.
    unwrap(await h.updateProfile({ id: saved.id, name: 'Typo fixed' }));
    unwrap(await h.removeProfile({ id: saved.id }));
  });

  it('applies the loopback-only rule for plain http to webhook URLs, before anything is sent', async () => {
    const h = world.handlers;
    const { sandbox } = world;
    const profile = unwrap(
      await h.addProfile({
        name: 'Urls',
        baseUrl: sandbox.url,
        account: sandbox.credentials.account,
        apiKey: sandbox.credentials.apiKey,
        apiSecret: world.apiSecret,
      }),
    );
    sandbox.control.clearRequests();
    const insecure = await h.createSubscription({
      profileId: profile.id,
      url: 'http://shop.example/hooks',
      notificationEventTypes: ['INVOICE_PAID'],
      notificationServiceTypes: [],
    });
    expect(insecure).toMatchObject({ ok: false, error: { kind: 'validation' } });
    if (!insecure.ok) expect(insecure.error.message).toContain('plain http');
    const [channel] = unwrap(await h.listSubscriptions({ profileId: profile.id }));
    sandbox.control.clearRequests();
    const change = await h.changeSubscription({
      profileId: profile.id,
      requestId: channel!.requestId,
      url: 'http://shop.example/other',
    });
    expect(change).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(sandbox.control.requests().filter((r) => r.path.includes('/subscription/webhook'))).toEqual([]);
    unwrap(await h.removeProfile({ id: profile.id }));
  });
});
