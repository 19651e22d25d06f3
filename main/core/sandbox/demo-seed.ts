import type { SandboxControl } from './types';

/** Thresholds that make the demo's transitions visible within a minute. */
export const DEMO_THRESHOLDS = {
  blockAfter: 20,
  blockWindowMs: 60_000,
  deliveryIntervalMs: 2_000,
  deliveryTimeoutMs: 1_500,
} as const;

const DAY_MS = 24 * 60 * 60_000;

/**
 * Three subscriptions that show every state: a healthy one on the always-200 receiver; a failing
 * one on the switchable receiver "payouts", set to fail, so it is blocked within about a minute
 * (switch it to 'ok' to recover); and one already blocked hours ago, whose receiver "legacy-erp"
 * has since been fixed, so unblocking it recovers.
 */
export function seedDemo(control: SandboxControl, account: string, blockAfter: number): void {
  const now = control.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  control.setReceiver('payouts', 'fail');
  control.setReceiver('legacy-erp', 'ok');
  control.addSubscription({
    account,
    url: control.receiverUrl('ok'),
    notificationEventTypes: ['INVOICE_PAID', 'INVOICE_FUNDS_RECEIVED_FOR_INVOICE', 'INVOICE_EXPIRED'],
    createdDate: iso(now - 60 * DAY_MS),
  });
  control.addSubscription({
    account,
    url: control.switchUrl('payouts'),
    notificationEventTypes: ['PAYOUT_CONFIRMED', 'PAYOUT_CHANGE_STATUS', 'PAYOUT_VALIDATION_ERROR'],
    createdDate: iso(now - 20 * DAY_MS),
  });
  const blockedSince = now - 3 * 60 * 60_000;
  control.addSubscription({
    account,
    url: control.switchUrl('legacy-erp'),
    notificationServiceTypes: ['INVOICE'],
    createdDate: iso(now - 7 * DAY_MS),
    blockedByErrorCount: true,
    errorCount: blockAfter + 1,
    errorFirstDate: iso(blockedSince - 55_000),
    errorLastDate: iso(blockedSince),
  });
}
