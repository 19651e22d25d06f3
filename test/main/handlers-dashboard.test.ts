import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../main/core/sandbox/sandbox-demo';
import { createDispatch } from '../../main/ipc/dispatch';
import { realWorld, type RealWorld } from './real-services';

// A merchant may watch a .finance and a .money account side by side. A webhook is unblocked in the
// dashboard of its own account: the other one does not show it.
describe('openDashboard opens the dashboard of the account it names', () => {
  let world: RealWorld;

  beforeAll(async () => {
    world = await realWorld();
    // Stored straight through the profile service: no signed test, so no call to the real API
    // (the monitor is not started either). The .finance account is listed first.
    for (const [name, baseUrl] of [
      ['Finance shop', 'https://api.calypso.finance'],
      ['Money shop', 'https://api.calypso.money'],
    ] as const) {
      await world.services.profiles.add({ name, baseUrl, account: '0xabc', apiKey: 'k', apiSecret: 's' });
    }
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('a .money account opens the .money dashboard, though a .finance account is listed first', async () => {
    expect(world.services.knownProfiles().map((k) => k.profile.id)).toEqual(['finance-shop', 'money-shop']);
    await expect(world.handlers.openDashboard({ profileId: 'money-shop' })).resolves.toEqual({
      ok: true,
      value: { opened: 'https://dashboard.calypso.money' },
    });
    await expect(world.handlers.openDashboard({ profileId: 'finance-shop' })).resolves.toEqual({
      ok: true,
      value: { opened: 'https://dashboard.calypso.finance' },
    });
    expect(world.ports.opened).toEqual([
      'https://dashboard.calypso.money',
      'https://dashboard.calypso.finance',
    ]);
  });

  it('the sandbox demo (a loopback URL) opens the default dashboard, even beside a .money account', async () => {
    await world.services.sandboxDemo.start();
    try {
      await expect(world.handlers.openDashboard({ profileId: SANDBOX_PROFILE_ID })).resolves.toEqual({
        ok: true,
        value: { opened: 'https://dashboard.calypso.finance' },
      });
    } finally {
      await world.services.sandboxDemo.stop();
    }
  });

  it('refuses an account the app does not know, and a request without one, opening nothing', async () => {
    const before = world.ports.opened.length;
    await expect(world.handlers.openDashboard({ profileId: 'removed-shop' })).resolves.toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    const dispatch = createDispatch(world.handlers, () => true);
    const sender = { webContentsId: 1, isMainFrame: true, url: 'file:///index.html' };
    await expect(dispatch('openDashboard', {}, sender)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    expect(world.ports.opened).toHaveLength(before);
  });
});
