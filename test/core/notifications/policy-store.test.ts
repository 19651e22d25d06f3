import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeytarSecretStore } from '../../../main/core/accounts/keytar-secret-store';
import { createAppServices } from '../../../main/core/app-services';
import type { PolicyState } from '../../../main/core/notifications/policy';
import { openPolicyStore } from '../../../main/core/notifications/policy-store';
import type { AppNotification } from '../../../main/core/monitor/types';
import { startSandbox } from '../../../main/core/sandbox';
import { FakeTime } from '../monitor/fake-time';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wt-policy-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const blockedIncident: PolicyState = {
  incidents: {
    'p1/req-1': {
      profileId: 'p1',
      startedAt: '2025-01-01T11:42:00.000Z',
      tag: 'p1/req-1/2025-01-01T11:42:00.000Z',
      sent: ['failing', 'blocked'],
    },
  },
};

describe('policy store', () => {
  it('starts empty, writes changes debounced and atomically, and restores them after a restart', async () => {
    const time = new FakeTime();
    const store = await openPolicyStore({ dir, timers: time, now: time.now, debounceMs: 1000 });
    expect(store.current()).toEqual({ incidents: {} });
    store.save(blockedIncident);
    expect(store.current()).toEqual(blockedIncident);
    await time.advance(999);
    expect(await readdir(dir)).toEqual([]);
    await time.advance(1);
    // The timer started the write; the file lands once its rename is done.
    await vi.waitFor(async () => expect(await readdir(dir)).toEqual(['policy-state.json']));

    // An equal state is not written again; close() flushes a pending change.
    store.save(JSON.parse(JSON.stringify(blockedIncident)) as PolicyState);
    expect(time.pending).toBe(0);
    store.save({ incidents: {} });
    store.save(blockedIncident);
    await store.close();
    store.save({ incidents: {} });
    expect(time.pending).toBe(0);

    const reopened = await openPolicyStore({ dir, timers: time, now: time.now });
    expect(reopened.current()).toEqual(blockedIncident);
    expect(await readdir(dir)).toEqual(['policy-state.json']);
    await reopened.close();
  });

  it('sets an unreadable file aside and starts empty', async () => {
    const time = new FakeTime();
    await writeFile(join(dir, 'policy-state.json'), '{"version":1,"incidents":{"x":{"sent":["nope"]}}}');
    const lines: string[] = [];
    const store = await openPolicyStore({ dir, timers: time, now: time.now, log: (l) => lines.push(l) });
    expect(store.current()).toEqual({ incidents: {} });
    expect(lines[0]).toMatch(/^policy-store: .* is unreadable/);
    expect(await readdir(dir)).toEqual([`policy-state.json.corrupt-${time.now()}`]);
    store.save(blockedIncident);
    await store.close();
    const text = await readFile(join(dir, 'policy-state.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ version: 1, ...blockedIncident });
  });
});

// The app end to end: the real keychain (run under test/with-keyring.sh) and a real sandbox.
describe.runIf(process.env['WT_TEST_KEYRING'] === '1')('app services across a restart', () => {
  it('does not notify again an ongoing incident notified before the restart, and sweeps a killed write', async () => {
    const sandbox = await startSandbox({ seed: 'demo', deliveryIntervalMs: null });
    const secrets = new KeytarSecretStore({ service: `webhook-tray-test-${randomBytes(4).toString('hex')}` });
    const open = () =>
      createAppServices({
        configDir: dir,
        secrets,
        history: { debounceMs: 0 },
        policyState: { debounceMs: 0 },
      });
    try {
      const first = await open();
      const before: AppNotification[] = [];
      first.onNotification((n) => before.push(n));
      await first.profiles.add({
        name: 'Shop',
        baseUrl: sandbox.url,
        account: sandbox.credentials.account,
        apiKey: sandbox.credentials.apiKey,
        apiSecret: sandbox.credentials.apiSecret,
      });
      first.start();
      await vi.waitFor(() => expect(before.map((n) => n.kind)).toContain('blocked'), { timeout: 10_000 });
      await first.close();
      // A write the previous process was killed in the middle of, long ago.
      const leftovers = ['policy-state.json.4242.1.tmp', 'settings.json.tmp-1764237600a1b2c3'];
      for (const name of leftovers) {
        await writeFile(join(dir, name), '{"half":');
        await utimes(join(dir, name), new Date(0), new Date(0));
      }

      const second = await open();
      expect((await readdir(dir)).filter((name) => leftovers.includes(name))).toEqual([]);
      const after: AppNotification[] = [];
      second.onNotification((n) => after.push(n));
      second.start();
      const snapshot = await second.monitor.checkNow();
      expect(snapshot.profiles[0]?.channels.map((c) => c.health)).toContain('blocked');
      expect(after).toEqual([]);
      for (const profile of second.profiles.list()) await secrets.delete(profile.id);
      await second.close();
    } finally {
      await sandbox.close();
    }
  }, 30_000);
});
