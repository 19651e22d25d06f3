import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../../main/core/accounts/keytar-secret-store';
import { MonitorTargets } from '../../../main/core/accounts/monitor-targets';
import { createProfileService, type ProfileService } from '../../../main/core/accounts/profile-service';
import { createCalypsoClient } from '../../../main/core/api/calypso-client';
import { createMonitor, type Monitor } from '../../../main/core/monitor';
import { requireKeyring, tempConfigDir } from './keyring';

beforeAll(requireKeyring);

const shop = {
  name: 'Shop',
  baseUrl: 'https://api.calypso.finance',
  account: '0x0000000000000000000000000000000000000001',
  apiKey: 'key-live',
  apiSecret: 'secret-live',
};

describe('the monitor targets follow the stored profiles and the in-memory ones', () => {
  let dir: string;
  let profiles: ProfileService;
  let monitor: Monitor;
  let targets: MonitorTargets;
  let ids: string[] = [];

  afterEach(async () => {
    for (const id of ids) await profiles.remove(id).catch(() => undefined);
    ids = [];
    monitor.stop();
    profiles.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function setUp() {
    dir = tempConfigDir();
    const service = `webhook-tray-test-${randomBytes(4).toString('hex')}`;
    profiles = createProfileService({ dir, secrets: new KeytarSecretStore({ service }) });
    monitor = createMonitor();
    targets = new MonitorTargets({ profiles, monitor, clientOptions: {} });
    profiles.onEvent((event) => targets.handle(event));
    targets.sync();
  }

  const watched = () => monitor.getSnapshot().profiles.map((p) => [p.profileId, p.profileName]);

  it('adds, renames and removes targets as the profiles change', async () => {
    setUp();
    expect(watched()).toEqual([]);
    const added = await profiles.add(shop);
    ids.push(added.id);
    expect(watched()).toEqual([[added.id, 'Shop']]);
    await profiles.update(added.id, { name: 'Shop EU' });
    expect(watched()).toEqual([[added.id, 'Shop EU']]);
    await profiles.remove(added.id);
    ids = [];
    expect(watched()).toEqual([]);
  });

  it('keeps a client while its credentials stay, and builds a new one when they change', async () => {
    setUp();
    const added = await profiles.add(shop);
    ids.push(added.id);
    const first = targets.clientFor(added.id);
    // Another process touched the file, nothing of this profile changed.
    targets.handle({ type: 'external-change' });
    expect(targets.clientFor(added.id)).toBe(first);

    await profiles.update(added.id, { apiKey: 'key-next' });
    const second = targets.clientFor(added.id);
    expect(second).not.toBe(first);
    await profiles.update(added.id, { apiSecret: 'secret-next' });
    expect(targets.clientFor(added.id)).not.toBe(second);
  });

  it('watches an in-memory profile through the client it came with, until it is removed', async () => {
    setUp();
    const demo = { ...shop, id: 'sandbox:demo', name: 'Demo', createdAt: 'x', updatedAt: 'x' };
    const client = createCalypsoClient({ ...shop, baseUrl: 'http://127.0.0.1:9' }, {});
    targets.addInMemory(demo, client);
    expect(watched()).toEqual([['sandbox:demo', 'Demo']]);
    expect(targets.clientFor('sandbox:demo')).toBe(client);

    // A stored profile added meanwhile leaves it in place.
    const added = await profiles.add(shop);
    ids.push(added.id);
    expect(watched()).toHaveLength(2);
    expect(watched()).toContainEqual(['sandbox:demo', 'Demo']);
    expect(targets.clientFor('sandbox:demo')).toBe(client);

    targets.removeInMemory('sandbox:demo');
    expect(watched()).toEqual([[added.id, 'Shop']]);
    expect(targets.clientFor('sandbox:demo')).not.toBe(client);
  });
});
