import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppServices } from '../../main/core/app-services';
import type { MonitorSnapshot } from '../../main/core/monitor/types';
import { realWorld, type RealWorld } from './real-services';

const PROFILES = 8;
const INTERVAL_MS = 300;

// A check of every account yields one monitor update per account; the tray menu and the window are
// handed the latest snapshot of such a burst, not every one of them.
describe('app services: snapshots reach the tray and the window coalesced', () => {
  let world: RealWorld;
  let app: AppServices;

  beforeAll(async () => {
    world = await realWorld({ snapshotIntervalMs: INTERVAL_MS });
    app = world.services;
    const { url, credentials } = world.sandbox;
    for (let index = 0; index < PROFILES; index += 1) {
      await app.profiles.add({
        name: `Shop ${index}`,
        baseUrl: url,
        account: credentials.account,
        apiKey: credentials.apiKey,
        apiSecret: credentials.apiSecret,
      });
    }
  });
  afterAll(async () => {
    await world?.dispose();
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
