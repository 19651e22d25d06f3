import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCalypsoClient } from '../../main/core/api';
import type { AppNotification } from '../../main/core/monitor/types';
import { DEMO_REQUEST_IDS } from '../../main/core/sandbox/demo-seed';
import type { Result } from '../../main/ipc/contract';
import { closedPort } from '../core/diagnosis/loopback-servers';
import { realWorld, type RealWorld } from './real-services';

const MINUTE = 60_000;
const KEYS_CAUSE =
  'Failures began 3 minutes after the keys were regenerated: your receiver probably still verifies with the old secret key.';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

// Issue 18 §4 end to end: the app regenerates the keys, the sandbox's deliveries to a webhook start
// failing some minutes later, and the failing notification names the regeneration, or not.
describe('app services: the failing notification names the change that caused it', () => {
  let world: RealWorld | undefined;

  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  /**
   * The app and the sandbox on one clock that the test moves forward (real timers, real HTTP):
   * the minutes between a change and the failures are the sandbox's own error dates.
   */
  async function appOnMovableClock() {
    let skew = 0;
    const clock = () => Date.now() + skew;
    world = await realWorld(
      {
        monitor: { now: clock },
        client: { now: clock },
        now: () => new Date(clock()),
        activity: { now: clock },
      },
      { sandbox: { now: clock }, ports: { now: () => new Date(clock()) } },
    );
    const { handlers, sandbox, apiSecret, services } = world;
    const sent: AppNotification[] = [];
    services.onNotification((notification) => sent.push(notification));
    unwrap(
      await handlers.addProfile({
        name: 'Shop',
        baseUrl: sandbox.url,
        account: sandbox.credentials.account,
        apiKey: sandbox.credentials.apiKey,
        apiSecret,
      }),
    );
    return { world, sent, clock, forward: (ms: number) => void (skew += ms) };
  }

  /** Makes the demo's healthy webhook fail at the sandbox's current time, and waits for its notification. */
  async function shopStartsFailing(w: RealWorld, sent: AppNotification[]): Promise<AppNotification> {
    w.sandbox.control.setReceiver('shop-invoices', 'fail');
    await w.sandbox.control.deliverNow();
    await w.services.monitor.checkNow('shop');
    await vi.waitFor(
      () =>
        expect(sent.some((n) => n.kind === 'failing' && n.requestId === DEMO_REQUEST_IDS.shop)).toBe(true),
      { timeout: 10_000, interval: 50 },
    );
    return sent.find((n) => n.kind === 'failing' && n.requestId === DEMO_REQUEST_IDS.shop)!;
  }

  it('failures 3 minutes after the keys were regenerated in the window: the notification and the channel screen say so', async () => {
    const { world: w, sent, forward } = await appOnMovableClock();
    unwrap(await w.handlers.regenerateKeys({ profileId: 'shop' }));
    forward(3 * MINUTE);

    const notification = await shopStartsFailing(w, sent);
    expect(notification.body).toContain(KEYS_CAUSE);
    expect(notification.body).toMatch(/^Failures began 3 minutes after .* Shop: \d+ failures? in a row\./);

    const activity = unwrap(
      await w.handlers.channelActivity({ profileId: 'shop', requestId: DEMO_REQUEST_IDS.shop }),
    );
    expect(activity.cause?.sentence).toBe(KEYS_CAUSE);
    expect(activity.entries).toEqual([
      expect.objectContaining({ action: 'keys-regenerated', by: 'app', profileId: 'shop', requestId: null }),
    ]);
    // Nothing secret crosses: neither webhook secret nor the API secret.
    const crossed = JSON.stringify(activity);
    for (const { secretKey } of w.sandbox.control.subscriptions()) expect(crossed).not.toContain(secretKey);
    expect(crossed).not.toContain(w.apiSecret);
  }, 30_000);

  it('failures 40 minutes after the regeneration: no cause is named', async () => {
    const { world: w, sent, forward } = await appOnMovableClock();
    unwrap(await w.handlers.regenerateKeys({ profileId: 'shop' }));
    forward(40 * MINUTE);

    const notification = await shopStartsFailing(w, sent);
    expect(notification.body).toMatch(/^Shop: \d+ failures? in a row\./);
    expect(notification.body).not.toContain('regenerated');

    const activity = unwrap(
      await w.handlers.channelActivity({ profileId: 'shop', requestId: DEMO_REQUEST_IDS.shop }),
    );
    expect(activity.cause).toBeNull();
    expect(activity.entries.map((e) => e.action)).toEqual(['keys-regenerated']);
  }, 30_000);

  it('keys regenerated elsewhere, seen by polling 3 minutes before the failures: named as not made here', async () => {
    const { world: w, sent, clock, forward } = await appOnMovableClock();
    // Another computer (or the dashboard) regenerates the keys; the app only sees them change.
    const elsewhere = createCalypsoClient(
      { baseUrl: w.sandbox.url, ...w.sandbox.credentials, apiSecret: w.apiSecret },
      { now: clock },
    );
    await elsewhere.regenerateKeys();
    await w.services.monitor.checkNow('shop');
    forward(3 * MINUTE);

    const notification = await shopStartsFailing(w, sent);
    expect(notification.body).toContain(
      'The keys changed 3 minutes before failures began (seen by Webhook Tray, not made here): your receiver probably still verifies with the old secret key.',
    );
    const activity = unwrap(
      await w.handlers.channelActivity({ profileId: 'shop', requestId: DEMO_REQUEST_IDS.shop }),
    );
    expect(activity.entries).toEqual([]);
    expect(activity.cause).toMatchObject({ change: 'keys', madeHere: false });
  }, 30_000);

  it('failures 2 minutes after the URL was changed to a closed port: the connection verdict and the cause, both', async () => {
    const { world: w, sent, forward } = await appOnMovableClock();
    const before = w.sandbox.control.subscriptions().find((s) => s.requestId === DEMO_REQUEST_IDS.shop)!.url;
    const port = await closedPort();
    const after = `http://127.0.0.1:${port}/hooks`;
    unwrap(
      await w.handlers.changeSubscription({
        profileId: 'shop',
        requestId: DEMO_REQUEST_IDS.shop,
        url: after,
      }),
    );
    forward(2 * MINUTE);

    const notification = await shopStartsFailing(w, sent);
    expect(notification.body).toMatch(
      new RegExp(
        `^Connection refused by 127\\.0\\.0\\.1:${port}\\. Failures began 2 minutes after the URL was changed from `,
      ),
    );
    expect(notification.body).toContain(
      `Failures began 2 minutes after the URL was changed from ${before} to ${after}: check that the new address accepts POSTs and verifies signatures.`,
    );
  }, 30_000);
});
