// The certificate expiry lookup through the monitor: merged into snapshots, refreshed on demand.
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorUpdate } from '../../../main/core/monitor';
import { channel, ScriptedApi } from './scripted-api';
import { setup, stopMonitors } from './monitor-setup';
import { FakeTime } from './fake-time';

afterEach(stopMonitors);

describe('monitor: certificate expiry', () => {
  it('merges the lookup into snapshots, and refreshCertificates publishes an update with the new answer', async () => {
    const time = new FakeTime();
    const expiry = new Map<string, string>();
    const hook = channel();
    const { monitor } = setup(
      ScriptedApi.always([hook], time.now),
      {
        certificateExpiry: (profileId, requestId) => expiry.get(`${profileId}/${requestId}`) ?? null,
      },
      time,
    );
    const updates: MonitorUpdate[] = [];
    monitor.subscribe((update) => updates.push(update));
    const first = await monitor.checkNow();
    expect(first.profiles[0]!.channels[0]!.certificateExpiresAt).toBeNull();
    // Nothing changed: the snapshot handed out stays the same object.
    monitor.refreshCertificates();
    expect(monitor.getSnapshot().profiles[0]!.channels).toBe(first.profiles[0]!.channels);

    expiry.set(`p1/${hook.requestId}`, '2025-01-06T12:00:00.000Z');
    const before = updates.length;
    monitor.refreshCertificates();
    expect(updates).toHaveLength(before + 1);
    const update = updates.at(-1)!;
    expect(update.events).toEqual([]);
    expect(update.snapshot.profiles[0]!.channels[0]!.certificateExpiresAt).toBe('2025-01-06T12:00:00.000Z');
    // The earlier snapshot was not changed in place.
    expect(first.profiles[0]!.channels[0]!.certificateExpiresAt).toBeNull();
  });
});
