import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppServices } from '../../main/core/app-services';
import type { AppNotification } from '../../main/core/monitor/types';
import { FakeTime } from '../core/monitor/fake-time';
import { realWorld, type RealWorld } from './real-services';

const MINUTE = 60_000;

// After an auth failure the monitor stops polling the profile until its credentials change: no
// update of that profile comes, so the notification a snooze held back must be sent by the app
// itself when the snooze ends, or when the settings stop holding it back.
describe('app services: a notification held back by a snooze', () => {
  let world: RealWorld | undefined;

  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  /** An app on a fake clock with one profile whose secret Calypso (the sandbox) refuses. */
  async function refusedProfile(time: FakeTime) {
    world = await realWorld({
      monitor: { timers: time, now: time.now, random: () => 0.5 },
      now: () => new Date(time.now()),
    });
    const app: AppServices = world.services;
    const sent: AppNotification[] = [];
    app.onNotification((notification) => sent.push(notification));
    const { url, credentials } = world.sandbox;
    await app.profiles.add({
      name: 'Shop',
      baseUrl: url,
      account: credentials.account,
      apiKey: credentials.apiKey,
      apiSecret: 'a-mistyped-secret',
    });
    return { app, sent };
  }

  /** Starts the monitor and waits (real time: the sandbox answers over HTTP) for the 401. */
  async function startAndRefuse(app: AppServices, time: FakeTime) {
    app.start();
    await time.advance(0);
    await vi.waitFor(() => expect(app.monitor.getSnapshot().profiles[0]?.lastError?.kind).toBe('auth'), {
      timeout: 5_000,
      interval: 20,
    });
    return app.monitor.getSnapshot().profiles[0]?.lastPollAt;
  }

  it('sends the auth failure once when the snooze ends, with no poll of the profile', async () => {
    const time = new FakeTime();
    const { app, sent } = await refusedProfile(time);
    app.profiles.setAppSettings({ snoozeAllUntil: new Date(time.now() + 30 * MINUTE).toISOString() });
    const lastPollAt = await startAndRefuse(app, time);
    expect(sent).toEqual([]);

    await time.advance(29 * MINUTE);
    expect(sent).toEqual([]);
    await time.advance(MINUTE);
    expect(sent.map((n) => [n.kind, n.profileId])).toEqual([['auth-failed', 'shop']]);
    expect(sent[0]?.title).toBe('Calypso refused the credentials of Shop');

    // The monitor did not poll the profile again: the app sent it on its own.
    await time.advance(5 * 60 * MINUTE);
    expect(app.monitor.getSnapshot().profiles[0]?.lastPollAt).toBe(lastPollAt);
    expect(sent).toHaveLength(1);
  });

  it('sends it once when the snooze is ended in the settings, or the kind turned back on', async () => {
    const time = new FakeTime();
    const { app, sent } = await refusedProfile(time);
    app.profiles.setAppSettings({
      snoozeAllUntil: new Date(time.now() + 60 * MINUTE).toISOString(),
      notifications: { 'auth-failed': false },
    });
    await startAndRefuse(app, time);

    app.profiles.setAppSettings({ snoozeAllUntil: null });
    expect(sent).toEqual([]); // the kind is still off
    app.profiles.setAppSettings({ notifications: { 'auth-failed': true } });
    expect(sent.map((n) => n.kind)).toEqual(['auth-failed']);

    // Further changes, and the time the snooze would have ended, send nothing more.
    app.profiles.setAppSettings({ normalIntervalSec: 120 });
    await time.advance(2 * 60 * MINUTE);
    expect(sent).toHaveLength(1);
  });

  it('a snooze moved later in the settings holds it back until the new end', async () => {
    const time = new FakeTime();
    const { app, sent } = await refusedProfile(time);
    app.profiles.setAppSettings({ snoozeAllUntil: new Date(time.now() + 10 * MINUTE).toISOString() });
    await startAndRefuse(app, time);
    app.profiles.setAppSettings({ snoozeAllUntil: new Date(time.now() + 60 * MINUTE).toISOString() });

    await time.advance(30 * MINUTE);
    expect(sent).toEqual([]);
    await time.advance(30 * MINUTE);
    expect(sent.map((n) => n.kind)).toEqual(['auth-failed']);
  });

  it('leaves no snooze timer behind once closed', async () => {
    const time = new FakeTime();
    const { app } = await refusedProfile(time);
    const before = time.pending;
    app.profiles.setAppSettings({ snoozeAllUntil: new Date(time.now() + 30 * MINUTE).toISOString() });
    expect(time.pending).toBe(before + 1);
    await world?.dispose();
    world = undefined;
    expect(time.pending).toBe(0);
  });
});
