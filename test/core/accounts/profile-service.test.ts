import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import keytar from 'keytar';
import { KeytarSecretStore } from '../../../main/core/accounts/keytar-secret-store';
import { createProfileService, ProfileService } from '../../../main/core/accounts/profile-service';
import { SettingsFile } from '../../../main/core/accounts/settings-file';
import type { AccountsEvent, SecretStore } from '../../../main/core/accounts/types';
import { AppError } from '../../../main/common/errors';
import {
  filesContaining,
  randomSecret,
  requireKeyring,
  secretToolLookup,
  tempConfigDir,
  uniqueName,
} from './keyring';

beforeAll(requireKeyring);

const base = {
  baseUrl: 'https://api.calypso.finance/',
  account: '0x0000000000000000000000000000000000000001',
  apiKey: 'key-live',
};

async function caught(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('ProfileService with the real keychain', () => {
  it('keeps the secret in the keychain and in no file under the config folder', async () => {
    const dir = tempConfigDir();
    const service = createProfileService({ dir });
    const secret = randomSecret();
    const name = uniqueName('Live');
    const profile = await service.add({ ...base, name, apiSecret: secret });

    expect(profile.id).toMatch(/^live-[0-9a-f]{8}$/);
    expect(profile.baseUrl).toBe('https://api.calypso.finance');
    expect(secretToolLookup(profile.id)).toBe(secret);
    expect(await keytar.getPassword('webhook-tray', profile.id)).toBe(secret);
    expect(filesContaining(dir, secret)).toEqual([]);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toContain(profile.id);

    expect(service.list()).toEqual([profile]);
    expect(service.get(name.toUpperCase())).toEqual(profile);
    expect(service.get(profile.id)).toEqual(profile);
    expect(await service.credentials(name)).toEqual({
      baseUrl: 'https://api.calypso.finance',
      account: base.account,
      apiKey: base.apiKey,
      apiSecret: secret,
    });
    expect(await service.hasSecret(profile.id)).toBe(true);
    // Another process (the CLI, the app) sees the same profile.
    expect(createProfileService({ dir }).list()).toEqual([profile]);

    await service.remove(profile.id);
    expect(secretToolLookup(profile.id)).toBeNull();
    expect(await keytar.getPassword('webhook-tray', profile.id)).toBeNull();
    expect(service.list()).toEqual([]);
  });

  it('dedupes ids with -2, -3 and refuses a duplicate name', async () => {
    const dir = tempConfigDir();
    const service = createProfileService({ dir });
    const name = uniqueName('Shop');
    const first = await service.add({ ...base, name, apiSecret: randomSecret() });
    const second = await service.add({ ...base, name: `${name}!`, apiSecret: randomSecret() });
    const third = await service.add({ ...base, name: `${name}?`, apiSecret: randomSecret() });
    expect(second.id).toBe(`${first.id}-2`);
    expect(third.id).toBe(`${first.id}-3`);
    const duplicate = await caught(service.add({ ...base, name: ` ${name.toUpperCase()} `, apiSecret: 'x' }));
    expect(duplicate.kind).toBe('validation');
    expect(duplicate.message).toContain('already exists');
    for (const p of service.list()) await service.remove(p.id);
  });

  it.each([
    [{ name: '' }, 'name must not be empty'],
    [{ baseUrl: 'api.calypso.finance' }, 'not an absolute URL'],
    [{ baseUrl: 'ftp://api.calypso.finance' }, 'must start with https://'],
    [{ baseUrl: 'http://api.calypso.finance' }, 'plain http'],
    [{ baseUrl: 'https://api.calypso.finance/?region=eu' }, 'must not carry a query'],
    [{ baseUrl: 'https://api.calypso.finance/#docs' }, 'or a fragment'],
    [{ account: '  ' }, 'account must not be empty'],
    [{ apiKey: '' }, 'API key must not be empty'],
    [{ apiKey: 'key\u200bpasted' }, 'API key holds a character that cannot be sent'],
    [{ apiSecret: '   ' }, 'API secret must not be empty'],
  ])('refuses %o with a validation error, storing nothing', async (override, message) => {
    const dir = tempConfigDir();
    const service = createProfileService({ dir });
    const name = uniqueName('Bad');
    const error = await caught(service.add({ ...base, name, apiSecret: randomSecret(), ...override }));
    expect(error.kind).toBe('validation');
    expect(error.message).toContain(message);
    expect(service.list()).toEqual([]);
    expect(secretToolLookup(name.toLowerCase().replace(/ /g, '-'))).toBeNull();
  });

  it('stores a base URL as the URL parser writes it (scheme and host in lower case, no trailing slash)', async () => {
    const service = createProfileService({ dir: tempConfigDir() });
    const profile = await service.add({
      ...base,
      name: uniqueName('Upper'),
      baseUrl: 'HTTPS://API.Calypso.finance/',
      apiSecret: randomSecret(),
    });
    expect(profile.baseUrl).toBe('https://api.calypso.finance');
    expect(service.list().map((p) => p.baseUrl)).toEqual(['https://api.calypso.finance']);
    await service.remove(profile.id);
  });

  it('accepts plain http for a loopback sandbox', async () => {
    const service = createProfileService({ dir: tempConfigDir() });
    const profile = await service.add({
      ...base,
      name: uniqueName('Sandbox'),
      baseUrl: 'http://127.0.0.1:4010',
      apiSecret: 's',
    });
    expect(profile.baseUrl).toBe('http://127.0.0.1:4010');
    await service.remove(profile.id);
  });

  it('a listener that throws neither fails the change nor keeps the others from it; unsubscribing works', () => {
    const service = createProfileService({ dir: tempConfigDir() });
    const failures = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const seen: string[] = [];
      service.onEvent(() => {
        throw new Error('window gone');
      });
      const stop = service.onEvent((e) => seen.push(e.type));
      expect(service.setAppSettings({ normalIntervalSec: 120 }).normalIntervalSec).toBe(120);
      expect(seen).toEqual(['app-settings-changed']);
      expect(failures).toHaveBeenCalledTimes(1);
      stop();
      service.setAppSettings({ normalIntervalSec: 90 });
      expect(seen).toEqual(['app-settings-changed']);
    } finally {
      failures.mockRestore();
      service.close();
    }
  });

  it('updates fields and the secret, keeping the id, and notifies listeners', async () => {
    const service = createProfileService({ dir: tempConfigDir() });
    const events: AccountsEvent[] = [];
    service.onEvent((e) => events.push(e));
    const profile = await service.add({ ...base, name: uniqueName('Staging'), apiSecret: randomSecret() });
    const newSecret = randomSecret();
    const renamed = uniqueName('Renamed');
    const updated = await service.update(profile.id, {
      name: renamed,
      apiKey: 'key-2',
      apiSecret: newSecret,
    });
    expect(updated).toMatchObject({ id: profile.id, name: renamed, apiKey: 'key-2' });
    expect(secretToolLookup(profile.id)).toBe(newSecret);
    await service.update(profile.id, { apiKey: 'key-3' });
    expect(secretToolLookup(profile.id)).toBe(newSecret);
    // A new account id (or base URL) needs the secret typed again: the stored one must not sign for it.
    expect((await caught(service.update(profile.id, { account: '0xabc' }))).kind).toBe('validation');
    await service.remove(profile.id);
    expect(events.map((e) => e.type)).toEqual([
      'profile-added',
      'profile-updated',
      'profile-updated',
      'profile-removed',
    ]);
    expect(events[1]).toMatchObject({ secretChanged: true });
    expect(events[2]).toMatchObject({ secretChanged: false });
    expect((await caught(service.update('nope', { name: 'x' }))).kind).toBe('not-found');
    expect((await caught(service.remove('nope'))).kind).toBe('not-found');
    expect((await caught(() => service.require('nope'))).message).toContain('No profile named "nope"');
  });

  it('deletes the secret again when the profile cannot be written', async () => {
    const dir = tempConfigDir();
    const keychain = new KeytarSecretStore();
    // A real filesystem fault right after the secret is stored: settings.json turns into a folder.
    const faulty: SecretStore = {
      get: (id) => keychain.get(id),
      delete: (id) => keychain.delete(id),
      set: async (id, secret) => {
        await keychain.set(id, secret);
        rmSync(join(dir, 'settings.json'), { force: true });
        mkdirSync(join(dir, 'settings.json'));
      },
    };
    const service = new ProfileService({ settings: new SettingsFile({ dir }), secrets: faulty });
    const name = uniqueName('Doomed');
    const error = await caught(service.add({ ...base, name, apiSecret: randomSecret() }));
    expect(error.kind).toBe('settings');
    expect(secretToolLookup(name.toLowerCase().replace(/ /g, '-'))).toBeNull();
  });

  it('merges app settings patches and validates them', async () => {
    const service = createProfileService({ dir: tempConfigDir() });
    const next = service.setAppSettings({ normalIntervalSec: 120, notifications: { recovered: false } });
    expect(next.normalIntervalSec).toBe(120);
    expect(next.notifications).toMatchObject({ recovered: false, blocked: true });
    expect(service.getAppSettings()).toEqual(next);
    expect((await caught(() => service.setAppSettings({ normalIntervalSec: -1 }))).kind).toBe('validation');
  });

  it('names a missing keychain entry as a keychain error', async () => {
    const service = createProfileService({ dir: tempConfigDir() });
    const profile = await service.add({ ...base, name: uniqueName('Gone'), apiSecret: randomSecret() });
    await keytar.deletePassword('webhook-tray', profile.id);
    const error = await caught(service.credentials(profile.id));
    expect(error.kind).toBe('keychain');
    expect(error.message).toContain('holds no API secret');
    await service.remove(profile.id);
    expect(service.list()).toEqual([]);
  });
});
