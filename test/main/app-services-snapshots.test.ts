import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeytarSecretStore } from '../../main/core/accounts/keytar-secret-store';
import { createAppServices, type AppServices } from '../../main/core/app-services';
import type { MonitorSnapshot } from '../../main/core/health/types';
import { startSandbox, type RunningSandbox } from '../../main/core/sandbox';

const PROFILES = 8;
const INTERVAL_MS = 300;

// A check of every account yields one monitor update per account; the tray menu and the window are
// handed the latest snapshot of such a burst, not every one of them.
describe('app services: snapshots reach the tray and the window coalesced', () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let secrets: KeytarSecretStore;
  let app: AppServices;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wt-snapshots-'));
    sandbox = await startSandbox({ seed: 'demo', deliveryIntervalMs: null });
    secrets = new KeytarSecretStore({ service: `webhook-tray-test-${randomBytes(4).toString('hex')}` });
    app = await createAppServices({
      configDir: dir,
      secrets,
      history: { debounceMs: 0 },
      snapshotIntervalMs: INTERVAL_MS,
    });
    for (let index = 0; index < PROFILES; index += 1) {
      await app.profiles.add({
        name: `Shop ${index}`,
        baseUrl: sandbox.url,
        account: sandbox.credentials.account,
        apiKey: sandbox.credentials.apiKey,
        apiSecret: sandbox.credentials.apiSecret,
      });
    }
  });
  afterAll(async () => {
    for (const profile of app?.profiles.list() ?? []) await secrets.delete(profile.id);
    await app?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands on the first snapshot at once and the latest at the end of the interval', async () => {
    const handed: MonitorSnapshot[] = [];
    let updates = 0;
    const stopCounting = app.monitor.subscribe(() => (updates += 1));
    const stopListening = app.onSnapshot((snapshot) => handed.push(snapshot));
    try {
      // Far from any earlier delivery, so the burst starts a fresh interval.
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS * 2));
      const final = await app.monitor.checkNow();
      expect(updates).toBeGreaterThanOrEqual(PROFILES);
      expect(handed.length).toBeGreaterThanOrEqual(1);
      await vi.waitFor(() => expect(handed.at(-1)).toBe(final), { timeout: INTERVAL_MS * 10, interval: 20 });
      expect(handed.length).toBeLessThan(updates);
      expect(final.profiles.filter((p) => p.lastPollAt !== null)).toHaveLength(PROFILES);
    } finally {
      stopCounting();
      stopListening();
    }
  });

  it('a listener that throws does not keep the others from their snapshot', async () => {
    const handed: MonitorSnapshot[] = [];
    const stopFaulty = app.onSnapshot(() => {
      throw new Error('tray gone');
    });
    const stopListening = app.onSnapshot((snapshot) => handed.push(snapshot));
    try {
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS * 2));
      const final = await app.monitor.checkNow();
      await vi.waitFor(() => expect(handed.at(-1)).toBe(final), { timeout: INTERVAL_MS * 10, interval: 20 });
    } finally {
      stopFaulty();
      stopListening();
    }
  });
});
