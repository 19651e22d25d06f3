/**
 * Deleting a webhook, changing its URL, regenerating keys and removing an account run only after
 * main's own confirmation: a renderer can ask, never act. The oracle is the sandbox's own record
 * of its subscriptions and the settings file, never the handlers' answers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../main/ipc/contract';
import { realWorld, type RealWorld } from './real-services';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe('main confirms the four destructive actions itself', () => {
  let world: RealWorld;
  let profileId: string;
  beforeAll(async () => {
    world = await realWorld();
    profileId = unwrap(await world.handlers.startSandboxDemo({})).id;
  });
  afterAll(async () => {
    await world?.dispose();
  });
  beforeEach(() => {
    world.ports.dialogs.asked.length = 0;
    world.ports.dialogs.answer = false;
  });

  const sandbox = () => world.services.sandboxDemo.current()!.sandbox;
  const stored = () =>
    sandbox()
      .control.subscriptions()
      .map((s) => ({ id: s.requestId, url: s.url, secret: s.secretKey }));
  const asked = () => world.ports.dialogs.asked;

  it('delete: Cancel leaves the webhook; the dialog names it and says it cannot be undone', async () => {
    const [target] = stored();
    const before = stored();
    const result = await world.handlers.deleteSubscription({ profileId, requestId: target!.id });
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect(stored()).toEqual(before);
    expect(asked()).toHaveLength(1);
    expect(asked()[0]!.message).toContain(target!.url);
    expect(asked()[0]!.detail).toContain('cannot be undone');
    expect(asked()[0]!.confirmLabel).toBe('Delete webhook');

    world.ports.dialogs.answer = true;
    unwrap(await world.handlers.deleteSubscription({ profileId, requestId: target!.id }));
    expect(stored().map((s) => s.id)).not.toContain(target!.id);
  });

  it('regenerate: Cancel keeps every secret; the dialog names the account', async () => {
    const before = stored();
    const result = await world.handlers.regenerateKeys({ profileId });
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect(stored()).toEqual(before);
    expect(asked()[0]).toMatchObject({ confirmLabel: 'Regenerate keys' });
    expect(asked()[0]!.message).toContain('Sandbox demo');
    expect(asked()[0]!.detail).toContain('every webhook subscription of this account');
    expect(asked()[0]!.detail).toContain('cannot be undone');

    world.ports.dialogs.answer = true;
    unwrap(await world.handlers.regenerateKeys({ profileId }));
    expect(stored().map((s) => s.secret)).not.toEqual(before.map((s) => s.secret));
  });

  it('a new webhook URL: Cancel keeps the old one; other edits and the same URL ask nothing', async () => {
    const [target] = stored();
    const next = sandbox().control.receiverUrl('random');
    const result = await world.handlers.changeSubscription({ profileId, requestId: target!.id, url: next });
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect(stored().find((s) => s.id === target!.id)!.url).toBe(target!.url);
    expect(asked()[0]!.message).toContain(next);
    expect(asked()[0]!.detail).toContain(target!.url);
    expect(asked()[0]!.detail).toContain('cannot be undone');

    asked().length = 0;
    unwrap(await world.handlers.changeSubscription({ profileId, requestId: target!.id, url: target!.url }));
    unwrap(await world.handlers.changeSubscription({ profileId, requestId: target!.id, enabled: false }));
    expect(asked()).toEqual([]);

    world.ports.dialogs.answer = true;
    unwrap(await world.handlers.changeSubscription({ profileId, requestId: target!.id, url: next }));
    expect(stored().find((s) => s.id === target!.id)!.url).toBe(next);
  });

  it('remove an account: Cancel keeps it and its secret; confirmed, both go', async () => {
    const { sandbox: calypso, apiSecret } = world;
    const { id } = unwrap(
      await world.handlers.addProfile({
        name: 'Shop',
        baseUrl: calypso.url,
        account: calypso.credentials.account,
        apiKey: calypso.credentials.apiKey,
        apiSecret,
      }),
    );
    const result = await world.handlers.removeProfile({ id });
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect(world.services.profiles.list().map((p) => p.id)).toContain(id);
    expect(await world.secrets.get(id)).toBe(apiSecret);
    expect(asked()[0]).toMatchObject({ title: 'Remove Shop?', confirmLabel: 'Remove account' });
    expect(asked()[0]!.detail).toContain('deletes its API secret from your keychain');

    world.ports.dialogs.answer = true;
    unwrap(await world.handlers.removeProfile({ id }));
    expect(world.services.profiles.list().map((p) => p.id)).not.toContain(id);
    expect(await world.secrets.get(id)).toBeNull();
  });

  it('the sandbox demo is stopped only once confirmed', async () => {
    expect(await world.handlers.removeProfile({ id: profileId })).toMatchObject({
      ok: false,
      error: { kind: 'cancelled' },
    });
    expect(world.services.sandboxDemo.current()).not.toBeNull();
    expect(asked()[0]).toMatchObject({ title: 'Stop the sandbox?' });
  });
});
