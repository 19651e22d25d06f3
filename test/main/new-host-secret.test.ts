/**
 * The stored API secret never signs for a host the merchant has not confirmed by typing the secret
 * again. The oracles are independent of the code under test: a second loopback server counts what
 * it receives, and a public diagnostics channel sees every client socket the process opens.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { socketsOpenedDuring } from '../support/socket-watch';
import type { Result } from '../../main/ipc/contract';
import { waitFor } from '../support/wait-for';
import { closeRawServers, rawServer, type RawServer } from '../support/raw-http';
import { realWorld, type RealWorld } from './real-services';

afterEach(closeRawServers);

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe('a saved account moves to another host or account id only with its API secret', () => {
  let world: RealWorld;
  let hostile: RawServer;
  let id: string;
  beforeAll(async () => {
    world = await realWorld();
    const { sandbox } = world;
    id = unwrap(
      await world.handlers.addProfile({
        name: 'Shop',
        baseUrl: sandbox.url,
        account: sandbox.credentials.account,
        apiKey: sandbox.credentials.apiKey,
        apiSecret: world.apiSecret,
      }),
    ).id;
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it.each([
    ['base URL, tested', { verify: true }, 'base URL'],
    ['base URL, not tested', { verify: false }, 'base URL'],
  ])('refuses a new %s without the secret; the hostile host gets nothing', async (_, options, what) => {
    hostile = await rawServer((_request, response) => response.end('{"subscriptions":[]}'));
    const before = world.services.profiles.require(id);
    const result = await world.handlers.updateProfile({ id, baseUrl: hostile.url, ...options });
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
    if (!result.ok) {
      expect(result.error.message).toContain(`Changing the ${what} needs the API secret`);
      expect(result.error.message).toContain('API secret field');
    }
    expect(world.services.profiles.require(id)).toEqual(before);
    await world.services.monitor.checkNow(id);
    expect(hostile.requests).toEqual([]);
    expect(hostile.connections()).toBe(0);
  });

  it('refuses a new account id without the secret, even with verify false', async () => {
    const result = await world.handlers.updateProfile({ id, account: '0xother', verify: false });
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
    if (!result.ok) expect(result.error.message).toContain('Changing the account id needs the API secret');
    expect(world.services.profiles.require(id).account).toBe(world.sandbox.credentials.account);
  });

  it('the profile service refuses it too, for any caller', async () => {
    await expect(
      world.services.profiles.update(id, { baseUrl: 'https://elsewhere.invalid' }),
    ).rejects.toThrow(/needs the API secret/);
  });

  it('a new base URL with the secret is tested there with that secret, and saved', async () => {
    hostile = await rawServer((_request, response) => {
      response.setHeader('Content-Type', 'application/json');
      response.end('{"subscriptions":[]}');
    });
    const moved = await world.handlers.updateProfile({
      id,
      baseUrl: hostile.url,
      apiSecret: 'typed-again',
      verify: false,
    });
    expect(unwrap(moved).baseUrl).toBe(hostile.url);
    // Back to the sandbox with its own secret, so the rest of the file sees a working account.
    unwrap(
      await world.handlers.updateProfile({ id, baseUrl: world.sandbox.url, apiSecret: world.apiSecret }),
    );
  });
});

describe('a client is never built from a settings.json that breaks the base-URL rule', () => {
  let world: RealWorld;
  beforeAll(async () => {
    world = await realWorld({ watchSettings: true });
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('a hand-edited http://elsewhere is a settings error and opens no socket', async () => {
    const { sandbox } = world;
    const { id } = unwrap(
      await world.handlers.addProfile({
        name: 'Edited',
        baseUrl: sandbox.url,
        account: sandbox.credentials.account,
        apiKey: sandbox.credentials.apiKey,
        apiSecret: world.apiSecret,
      }),
    );
    const built = world.services.clientFor(id);
    const path = join(world.dir, 'settings.json');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(sandbox.url, 'http://elsewhere.invalid:8080'));
    // The app sees the edit (a new client is due for the new URL) before the test goes on.
    await waitFor('the edit to be seen', () => world.services.clientFor(id) !== built);

    const opened = await socketsOpenedDuring(async () => {
      await expect(world.services.profiles.credentials(id)).rejects.toMatchObject({ kind: 'settings' });
      const tested = await world.handlers.testProfile({ id });
      const polled = await world.services.monitor.checkNow(id);
      const account = polled.profiles.find((p) => p.profileId === id);
      expect(account?.lastError).toMatchObject({ kind: 'settings' });
      expect(tested).toMatchObject({ ok: false, error: { kind: 'settings' } });
      if (!tested.ok) {
        expect(tested.error.message).toContain('settings.json');
        expect(tested.error.message).toContain('loopback');
      }
    });
    expect(opened).toEqual([]);
  });
});
