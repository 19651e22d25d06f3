import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProfileService, type ProfileService } from '../../main/core/accounts/profile-service';
import type { AccountsEvent, SecretStore } from '../../main/core/accounts/types';
import { DEFAULT_APP_SETTINGS } from '../../main/core/accounts/types';
import { forwardAccountSignals, signalsFor, type AccountSignal } from '../../main/ipc/account-signals';
import { realWorld, type RealWorld } from './real-services';

/** The CLI's keychain, in memory: what the app sees of its change is settings.json only. */
function memorySecrets(): SecretStore {
  const stored = new Map<string, string>();
  return {
    get: async (id) => stored.get(id) ?? null,
    set: async (id, secret) => void stored.set(id, secret),
    delete: async (id) => stored.delete(id),
  };
}

const profile = {
  id: 'shop',
  name: 'Shop',
  baseUrl: 'https://api.calypso.finance',
  account: '0xabc',
  apiKey: 'k',
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
};

describe('signalsFor', () => {
  it('maps each accounts event to the lists the window must read again', () => {
    const cases: [AccountsEvent, AccountSignal[]][] = [
      [{ type: 'profile-added', profile }, ['profilesChanged']],
      [{ type: 'profile-updated', profile, secretChanged: false }, ['profilesChanged']],
      [{ type: 'profile-removed', profileId: 'shop' }, ['profilesChanged']],
      [{ type: 'app-settings-changed', settings: DEFAULT_APP_SETTINGS }, ['settingsChanged']],
      [{ type: 'external-change' }, ['profilesChanged', 'settingsChanged']],
      [
        {
          type: 'warning',
          warning: { kind: 'settings-corrupt', message: 'm', preservedAs: '/x', at: profile.createdAt },
        },
        [],
      ],
    ];
    for (const [event, signals] of cases) expect(signalsFor(event)).toEqual(signals);
  });
});

// The app watches settings.json; the CLI writes it from another process (here, another service
// on the same folder). Each change it makes must reach the window as a signal.
describe('forwardAccountSignals: changes made outside the app reach the window', () => {
  let world: RealWorld;
  let cli: ProfileService;
  const pushed: AccountSignal[] = [];
  let stop: () => void;

  beforeAll(async () => {
    world = await realWorld({ watchSettings: true });
    cli = createProfileService({ dir: world.dir, secrets: memorySecrets() });
    stop = forwardAccountSignals(world.services.profiles, (signal) => pushed.push(signal));
  });
  afterAll(async () => {
    stop?.();
    cli?.close();
    await world?.dispose();
  });

  /** Waits until the app has seen the file change and signalled it; the watcher polls on Linux. */
  async function expectSignalled(signal: AccountSignal): Promise<void> {
    await vi.waitFor(() => expect(pushed).toContain(signal), { timeout: 20_000, interval: 100 });
  }

  it('a profile the CLI adds, edits or removes signals profilesChanged', async () => {
    await cli.add({
      name: 'Shop',
      baseUrl: 'https://api.calypso.money',
      account: '0xabc',
      apiKey: 'k',
      apiSecret: 's',
    });
    await expectSignalled('profilesChanged');
    expect(world.services.knownProfiles().map((k) => k.profile.id)).toEqual(['shop']);

    pushed.length = 0;
    await cli.update('shop', { name: 'Shop EU' });
    await expectSignalled('profilesChanged');
    expect(world.services.requireProfile('shop').profile.name).toBe('Shop EU');

    pushed.length = 0;
    await cli.remove('shop');
    await expectSignalled('profilesChanged');
    expect(world.services.knownProfiles()).toEqual([]);
  }, 60_000);

  it('settings the CLI changes signal settingsChanged', async () => {
    pushed.length = 0;
    cli.setAppSettings({ normalIntervalSec: 300 });
    await expectSignalled('settingsChanged');
    expect(world.services.profiles.getAppSettings().normalIntervalSec).toBe(300);
  }, 30_000);

  it('carries nothing but the signal names, and stops when asked', async () => {
    expect(new Set(pushed)).toEqual(new Set(['profilesChanged', 'settingsChanged']));
    stop();
    pushed.length = 0;
    await world.services.profiles.add({
      name: 'Local',
      baseUrl: 'https://api.calypso.finance',
      account: '0xabc',
      apiKey: 'k',
      apiSecret: 's',
    });
    expect(pushed).toEqual([]);
  });
});
