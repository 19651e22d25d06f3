import { CALYPSO_BLOCK_RULE } from '../../../main/common/block-rule';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_APP_SETTINGS } from '../../../main/core/accounts/types';
import { realTimers } from '../../../main/core/base';
import type {
  AppNotification,
  MonitorEvent,
  MonitorSnapshot,
  ProfileSnapshot,
} from '../../../main/core/monitor/types';
import { NotificationCentre, openHistory, openPolicyStore } from '../../../main/core/notifications';

const RID = 'req-1';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A listening server that counts the connections it accepts. */
async function countingServer(): Promise<{ port: number; connections: () => number }> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, connections: () => count };
}

/** Feeds one "failing" event for `url` through a centre (then `recovered` if asked); resolves with what it sends. */
async function sentFor(
  url: string,
  allowPrivate: boolean,
  recover: boolean,
  trust?: () => readonly string[] | undefined,
): Promise<AppNotification[]> {
  const dir = await mkdtemp(join(tmpdir(), 'wt-verdict-'));
  const history = await openHistory({ dir });
  const policyStore = await openPolicyStore({ dir });
  const at = new Date().toISOString();
  const profile: ProfileSnapshot = {
    profileId: 'p1',
    profileName: 'Main shop',
    state: 'warning',
    lastPollAt: at,
    nextPollAt: null,
    lastError: null,
    consecutiveFailures: 0,
    blockRule: CALYPSO_BLOCK_RULE,
    channels: [
      { requestId: RID, url, health: 'failing', errorCount: 4 } as ProfileSnapshot['channels'][number],
    ],
  };
  const snapshot: MonitorSnapshot = { takenAt: at, worst: 'warning', pausedUntil: null, profiles: [profile] };
  const asked: string[] = [];
  const centre = new NotificationCentre({
    snapshot: () => snapshot,
    policyStore,
    history,
    settings: {
      notifications: { ...DEFAULT_APP_SETTINGS.notifications },
      snoozeAllUntil: null,
      channelSnoozes: {},
    },
    now: () => new Date(),
    timers: realTimers,
    log: () => undefined,
    connectionChecks: {
      allowPrivateAddresses: (profileId) => {
        asked.push(profileId);
        return allowPrivate;
      },
      ...(trust === undefined ? {} : { trust }),
    },
  });
  cleanups.push(async () => {
    centre.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const all: AppNotification[] = [];
  const expected = recover ? 2 : 1;
  const sent = new Promise<AppNotification[]>((resolve) =>
    centre.onNotification((n) => {
      all.push(n);
      if (all.length === expected) resolve(all);
    }),
  );
  const event: MonitorEvent = {
    id: 'failing-1',
    type: 'failing',
    at,
    profileId: 'p1',
    requestId: RID,
    url,
    errorCount: 4,
    message: '',
  };
  centre.handleUpdate({ profileId: 'p1', events: [event], profile, snapshot });
  if (recover) {
    const healthy = {
      ...profile,
      channels: [{ ...profile.channels[0]!, health: 'healthy' as const, errorCount: 0 }],
    };
    const recovered: MonitorEvent = { ...event, id: 'recovered-1', type: 'recovered', errorCount: 0 };
    centre.handleUpdate({ profileId: 'p1', events: [recovered], profile: healthy, snapshot });
  }
  const notifications = await sent;
  expect(asked).toEqual(['p1']);
  return notifications;
}

async function failingNotification(
  url: string,
  allowPrivate: boolean,
  trust?: () => readonly string[] | undefined,
): Promise<AppNotification> {
  const [notification] = await sentFor(url, allowPrivate, false, trust);
  return notification!;
}

describe('the connection check of a failing notification', () => {
  it('puts the verdict in the body when the account may reach this computer (the sandbox)', async () => {
    const port = await closedPort();
    const notification = await failingNotification(`http://127.0.0.1:${port}/hooks`, true);
    expect(notification.kind).toBe('failing');
    expect(notification.body).toContain(`Connection refused by 127.0.0.1:${port}`);
    expect(notification.body).toContain('Main shop: 4 failures in a row.');
  });

  it('never connects to a loopback receiver for another account, and still sends the notification', async () => {
    const server = await countingServer();
    const notification = await failingNotification(`http://127.0.0.1:${server.port}/hooks`, false);
    expect(notification.kind).toBe('failing');
    expect(notification.body.startsWith('Main shop: 4 failures in a row.')).toBe(true);
    expect(server.connections()).toBe(0);
  });

  it('keeps the order of notifications: a recovery never overtakes the failing notice waiting for its check', async () => {
    const port = await closedPort();
    const notifications = await sentFor(`http://127.0.0.1:${port}/hooks`, true, true);
    expect(notifications.map((n) => n.kind)).toEqual(['failing', 'recovered']);
    expect(notifications[0]!.body).toContain(`Connection refused by 127.0.0.1:${port}`);
  });

  it('trusts what the API client trusts: a certificate of the extra CA file is not "untrusted"', async () => {
    const tlsDir = join(__dirname, '../../support/tls');
    const cert = readFileSync(join(tlsDir, 'localhost-cert.pem'), 'utf8');
    const server = createTlsServer(
      { cert, key: readFileSync(join(tlsDir, 'localhost-key.pem'), 'utf8') },
      (socket) => socket.end(),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `https://localhost:${(server.address() as AddressInfo).port}/hooks`;
    const untrusted = await failingNotification(url, true);
    expect(untrusted.body).toMatch(/certificate/i);
    const trusted = await failingNotification(url, true, () => [cert]);
    expect(trusted.body.startsWith('Main shop: 4 failures in a row.')).toBe(true);
  });
});
