import type { SandboxControl } from './types';

/**
 * Thresholds that make the demo's transitions visible within a minute: time scale 30 turns the
 * 60 s interval into 2 s and Calypso's first retries (30 s, 30 s, 60 s...) into 1 s, 1 s, 2 s...
 */
export const DEMO_THRESHOLDS = {
  blockAfter: 20,
  blockWindowMs: 60_000,
  timeScale: 30,
  /** Before the time scale divides it. */
  deliveryIntervalMs: 60_000,
  deliveryTimeoutMs: 1_500,
} as const;

/** The demo's delivery interval as it runs, the time scale applied. */
const DEMO_SCALED_INTERVAL_MS = DEMO_THRESHOLDS.deliveryIntervalMs / DEMO_THRESHOLDS.timeScale;

const DAY_MS = 24 * 60 * 60_000;

/**
 * The demo's request ids. Fixed, so the demo's channels keep their history from one demo session
 * to the next, like a real account's webhooks do (and the docs screenshots can seed one).
 */
export const DEMO_REQUEST_IDS = {
  shop: '5d0c7a1e-2b64-4f0a-9c3e-7a1b2c3d4e01',
  payouts: '5d0c7a1e-2b64-4f0a-9c3e-7a1b2c3d4e02',
  legacyErp: '5d0c7a1e-2b64-4f0a-9c3e-7a1b2c3d4e03',
} as const;

/** Failed deliveries of "payouts" already counted when the demo starts, one delivery interval apart. */
const DEMO_FAILURES_IN_PROGRESS = 3;

/**
 * Three subscriptions that show every state, each on a named switchable receiver: a healthy one
 * ("shop-invoices"); a failing one ("payouts", set to fail, its failing run already begun so the very
 * first list shows it failing; blocked within about a minute; switch it to 'ok' to recover); and one
 * already blocked hours ago, whose receiver "legacy-erp" has since been fixed, so unblocking it
 * recovers. `hookUrl` gives a receiver's URL by name.
 */
export function seedDemo(
  control: SandboxControl,
  account: string,
  blockAfter: number,
  hookUrl: (name: string) => string,
): void {
  const now = control.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  control.setReceiver('shop-invoices', 'ok');
  control.setReceiver('payouts', 'fail');
  control.setReceiver('legacy-erp', 'ok');
  control.addSubscription({
    account,
    requestId: DEMO_REQUEST_IDS.shop,
    url: hookUrl('shop-invoices'),
    notificationEventTypes: ['INVOICE_PAID', 'INVOICE_FUNDS_RECEIVED_FOR_INVOICE', 'INVOICE_EXPIRED'],
    createdDate: iso(now - 60 * DAY_MS),
  });
  control.addSubscription({
    account,
    requestId: DEMO_REQUEST_IDS.payouts,
    url: hookUrl('payouts'),
    notificationEventTypes: ['PAYOUT_CONFIRMED', 'PAYOUT_CHANGE_STATUS', 'PAYOUT_VALIDATION_ERROR'],
    createdDate: iso(now - 20 * DAY_MS),
    errorCount: DEMO_FAILURES_IN_PROGRESS,
    errorFirstDate: iso(now - DEMO_FAILURES_IN_PROGRESS * DEMO_SCALED_INTERVAL_MS),
    errorLastDate: iso(now - DEMO_SCALED_INTERVAL_MS),
  });
  const blockedSince = now - 3 * 60 * 60_000;
  control.addSubscription({
    account,
    requestId: DEMO_REQUEST_IDS.legacyErp,
    url: hookUrl('legacy-erp'),
    notificationServiceTypes: ['INVOICE'],
    createdDate: iso(now - 7 * DAY_MS),
    blockedByErrorCount: true,
    errorCount: blockAfter + 1,
    errorFirstDate: iso(blockedSince - 55_000),
    errorLastDate: iso(blockedSince),
  });
}
