import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../main/core/sandbox/sandbox-demo';
import type { Result } from '../../main/ipc/contract';
import { realWorld, type RealWorld } from './real-services';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** A loopback URL where nothing listens: every call to it fails at once with a refused connection. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `http://127.0.0.1:${address.port}`;
}

const inHours = (hours: number): string => new Date(Date.now() + hours * HOUR).toISOString();

describe('updateProfile tests credentials only when they really change', () => {
  let world: RealWorld;
  beforeAll(async () => {
    world = await realWorld();
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('renames an account whose API is unreachable; a new key is still tested and refused', async () => {
    const h = world.handlers;
    const baseUrl = await deadUrl();
    const saved = unwrap(
      await h.addProfile({
        name: 'Offline',
        baseUrl,
        account: 'acct-1',
        apiKey: 'key-1',
        apiSecret: world.apiSecret,
        verify: false,
      }),
    );
    // What the window's form sends on a rename: every field, as typed (the base URL untrimmed).
    const renamed = await h.updateProfile({
      id: saved.id,
      name: 'Offline renamed',
      baseUrl: `  ${baseUrl}//  `,
      account: ' acct-1 ',
      apiKey: 'key-1 ',
    });
    expect(unwrap(renamed)).toMatchObject({ name: 'Offline renamed', baseUrl, account: 'acct-1' });

    const newKey = await h.updateProfile({
      id: saved.id,
      name: 'Offline renamed',
      baseUrl,
      account: 'acct-1',
      apiKey: 'key-2',
    });
    expect(newKey).toMatchObject({ ok: false, error: { kind: 'network' } });
    if (!newKey.ok) expect(newKey.error.message).toMatch(/Nothing was saved\.$/);
    expect(world.services.profiles.require(saved.id).apiKey).toBe('key-1');
    unwrap(await h.removeProfile({ id: saved.id }));
  });

  it('renames an account whose key Calypso refuses; a new key or secret is tested and refused', async () => {
    const h = world.handlers;
    const { sandbox } = world;
    const fields = {
      baseUrl: sandbox.url,
      account: sandbox.credentials.account,
      apiKey: sandbox.credentials.apiKey,
    };
    const saved = unwrap(
      await h.addProfile({ name: 'Refused', ...fields, apiSecret: 'a-mistyped-secret', verify: false }),
    );
    expect(unwrap(await h.updateProfile({ id: saved.id, name: 'Refused renamed', ...fields })).name).toBe(
      'Refused renamed',
    );

    const newKey = await h.updateProfile({ id: saved.id, ...fields, apiKey: 'another-key' });
    expect(newKey).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(world.services.profiles.require(saved.id).apiKey).toBe(sandbox.credentials.apiKey);
    const newSecret = await h.updateProfile({ id: saved.id, ...fields, apiSecret: 'another-typo' });
    expect(newSecret).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(await world.secrets.get(saved.id)).toBe('a-mistyped-secret');
    unwrap(await h.removeProfile({ id: saved.id }));
  });
});

describe('snooze accepts only known accounts and webhooks, a bounded end, and prunes the rest', () => {
  let world: RealWorld;
  let webhook: string;
  beforeAll(async () => {
    world = await realWorld();
    unwrap(await world.handlers.startSandboxDemo({}));
    const demo = world.services.monitor
      .getSnapshot()
      .profiles.find((p) => p.profileId === SANDBOX_PROFILE_ID);
    webhook = demo!.channels[0]!.requestId;
  });
  afterAll(async () => {
    await world?.dispose();
  });

  const stored = () => world.services.profiles.getAppSettings();

  it('refuses an unknown account or webhook and writes nothing', async () => {
    const h = world.handlers;
    const before = stored();
    expect(await h.snooze({ profileId: 'no-such-account', until: inHours(1) })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    expect(
      await h.snooze({ profileId: 'no-such-account', requestId: webhook, until: inHours(1) }),
    ).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(
      await h.snooze({ profileId: SANDBOX_PROFILE_ID, requestId: 'no-such-webhook', until: inHours(1) }),
    ).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(stored()).toEqual(before);

    const key = `${SANDBOX_PROFILE_ID}/${webhook}`;
    const until = inHours(8);
    const ok = unwrap(await h.snooze({ profileId: SANDBOX_PROFILE_ID, requestId: webhook, until }));
    expect(ok.channelSnoozes[key]).toBe(until);
    expect(
      unwrap(await h.snooze({ profileId: SANDBOX_PROFILE_ID, requestId: webhook, until: null })),
    ).toMatchObject({ channelSnoozes: {} });
  });

  it('refuses an end in the past or more than 30 days ahead, for one webhook and for all', async () => {
    const h = world.handlers;
    const before = stored();
    for (const until of [inHours(-1), inHours(31 * 24)]) {
      for (const request of [
        { profileId: SANDBOX_PROFILE_ID, requestId: webhook },
        { profileId: SANDBOX_PROFILE_ID },
        {},
      ]) {
        const result = await h.snooze({ ...request, until });
        expect(result, `${JSON.stringify(request)} until ${until}`).toMatchObject({
          ok: false,
          error: { kind: 'validation', message: expect.stringContaining('at most 30 days') },
        });
      }
    }
    expect(stored()).toEqual(before);
    const until = new Date(Date.now() + 30 * DAY - HOUR).toISOString();
    expect(unwrap(await h.snooze({ until })).snoozeAllUntil).toBe(until);
    expect(unwrap(await h.snooze({ until: null })).snoozeAllUntil).toBeNull();
  });

  it('drops ended snoozes and those of removed accounts on each write', async () => {
    const h = world.handlers;
    const running = inHours(2);
    // What an older app, a buggy window or a removed account left behind.
    world.services.profiles.setAppSettings({
      snoozeAllUntil: inHours(-3),
      channelSnoozes: {
        [SANDBOX_PROFILE_ID]: running,
        [`${SANDBOX_PROFILE_ID}/ended`]: inHours(-1),
        'removed-account': running,
        'removed-account/r1': running,
      },
    });
    const until = inHours(1);
    const written = unwrap(await h.snooze({ profileId: SANDBOX_PROFILE_ID, requestId: webhook, until }));
    expect(written.channelSnoozes).toEqual({
      [SANDBOX_PROFILE_ID]: running,
      [`${SANDBOX_PROFILE_ID}/${webhook}`]: until,
    });
    expect(written.snoozeAllUntil).toBeNull();
    expect(stored()).toEqual(written);

    // Clearing a removed account's snooze (Settings still lists it) works and prunes as well.
    world.services.profiles.setAppSettings({
      channelSnoozes: { ...written.channelSnoozes, 'removed-account': running },
    });
    const cleared = unwrap(await h.snooze({ profileId: 'removed-account', until: null }));
    expect(cleared.channelSnoozes).toEqual(written.channelSnoozes);

    // Snoozing everything prunes too; stopping the demo makes its snoozes orphans.
    unwrap(await h.stopSandboxDemo({}));
    const all = unwrap(await h.snooze({ until }));
    expect(all).toMatchObject({ snoozeAllUntil: until, channelSnoozes: {} });
  });
});
