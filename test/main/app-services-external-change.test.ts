import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProfileService, type ProfileService } from '../../main/core/accounts/profile-service';
import type { AppServices } from '../../main/core/app-services';
import type { RunningSandbox } from '../../main/core/sandbox';
import { DEMO_REQUEST_IDS } from '../../main/core/sandbox/demo-seed';
import { realWorld, type RealWorld } from './real-services';

// The app watches settings.json while the CLI edits it. A `profile remove` then `profile add` of the
// same name, key and account but a new secret reaches the app as one external change: the app must
// still drop the client it built on the old secret (it cannot see secrets, only the profile's times).
describe('app services: a profile replaced from the CLI with a new secret', () => {
  let world: RealWorld;
  let sandbox: RunningSandbox;
  let app: AppServices;
  let cli: ProfileService;

  beforeAll(async () => {
    world = await realWorld({ watchSettings: true });
    ({ sandbox, services: app } = world);
    cli = createProfileService({ dir: world.dir, secrets: world.secrets });
  });
  afterAll(async () => {
    cli?.close();
    await world?.dispose();
  });

  it('the app uses the new secret after the CLI removed and re-added the profile', async () => {
    const fields = {
      name: 'Shop',
      baseUrl: sandbox.url,
      account: sandbox.credentials.account,
      apiKey: sandbox.credentials.apiKey,
    };
    await app.profiles.add({ ...fields, apiSecret: 'a-mistyped-secret' });
    await expect(app.clientFor('shop').list()).rejects.toMatchObject({ kind: 'auth' });

    await cli.remove('shop');
    await cli.add({ ...fields, apiSecret: sandbox.credentials.apiSecret });

    // The app sees the file change on its own schedule (a polling watcher on Linux).
    await vi.waitFor(async () => expect(await app.clientFor('shop').list()).toHaveLength(3), {
      timeout: 20_000,
      interval: 250,
    });
  }, 30_000);

  it('the app applies poll intervals the CLI changed in settings.json', async () => {
    // The demo's failing webhook would keep the account on the fast lane: it recovers first.
    sandbox.control.unblock(DEMO_REQUEST_IDS.payouts);
    app.start();
    cli.setAppSettings({ normalIntervalSec: 600 });
    await vi.waitFor(
      async () => {
        const profile = (await app.monitor.checkNow('shop')).profiles.find((p) => p.profileId === 'shop');
        // Scheduled from the start of the poll: a little under 600 s after its end, far above the 60 s default.
        expect(Date.parse(profile!.nextPollAt!) - Date.parse(profile!.lastPollAt!)).toBeGreaterThan(590_000);
      },
      { timeout: 20_000, interval: 500 },
    );
  }, 30_000);
});
