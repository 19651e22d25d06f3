import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../main/core/app-services';
import { KeytarSecretStore } from '../../main/core/accounts/keytar-secret-store';
import { createHandlers } from '../../main/ipc/handlers';
import type { Handlers } from '../../main/ipc/dispatch';
import { testPorts } from './real-services';

// This file runs in its own process: without a D-Bus session the real keychain is unavailable,
// as on a desktop with no Secret Service. keytar is loaded lazily, after this line.
delete process.env.DBUS_SESSION_BUS_ADDRESS;
delete process.env.DISPLAY;

describe('without a keyring', () => {
  let dir: string;
  let services: AppServices;
  let handlers: Handlers;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wt-nokeyring-'));
    services = await createAppServices({
      configDir: dir,
      secrets: new KeytarSecretStore({ service: 'webhook-tray-test-nokeyring', timeoutMs: 5_000 }),
      sandbox: { deliveryIntervalMs: null },
    });
    handlers = createHandlers(services, testPorts().ports);
  });
  afterAll(async () => {
    await services.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the sandbox demo still works: its public demo secret never needs the keychain', async () => {
    const started = await handlers.startSandboxDemo({});
    expect(started).toMatchObject({ ok: true, value: { isSandbox: true, hasSecret: true } });
    const channels = await handlers.listSubscriptions({ profileId: started.ok ? started.value.id : '' });
    expect(channels.ok && channels.value.length).toBe(3);
    expect((await handlers.listProfiles({})).ok).toBe(true);
  });

  it('adding a real account fails with a keychain error that says what to do, and stores nothing', async () => {
    const sandbox = services.sandboxDemo.current()!.sandbox;
    const added = await handlers.addProfile({
      name: 'Live',
      baseUrl: sandbox.url,
      account: sandbox.credentials.account,
      apiKey: sandbox.credentials.apiKey,
      apiSecret: sandbox.credentials.apiSecret,
    });
    expect(added).toMatchObject({ ok: false, error: { kind: 'keychain' } });
    if (!added.ok) expect(added.error.message).toMatch(/Secret Service|keyring|keychain/i);
    expect(services.profiles.list()).toEqual([]);
  });
});
