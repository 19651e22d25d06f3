/** Issue 17, items 6 to 10: deliveries, retries, blocking and resends as Calypso documents them. */
import { describe, expect, it } from 'vitest';
import { sign, verifySignature } from '../../../main/core/api/signing';
import type { SandboxSubscription } from '../../../main/core/sandbox/types';
import { sandboxForTest } from '../../support/sandbox';
import { receiverForTest } from '../../support/webhook-receiver';

/** Calypso's retry gaps in seconds, copied from its "Webhooks / Overview" page (the test's oracle). */
const DOCUMENTED_GAPS_S = [
  30, 30, 60, 90, 150, 240, 390, 630, 1020, 1650, 2670, 4320, 6990, 11310, 18300, 29610, 47910, 77520, 125430,
];
const ZONELESS_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

function manualClock(start = Date.parse('2025-06-01T12:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function only(subscriptions: SandboxSubscription[]): SandboxSubscription {
  const [subscription] = subscriptions;
  if (subscription === undefined || subscriptions.length !== 1) throw new Error('expected one subscription');
  return subscription;
}

describe('sandbox delivery fidelity', () => {
  it('delivers the documented shape: numeric increasing ids, zone-less microsecond dates, invoice data, signed with the secret key', async () => {
    const receiver = await receiverForTest(200);
    const sandbox = await sandboxForTest();
    const subscription = sandbox.control.addSubscription({
      url: receiver.url,
      notificationEventTypes: ['INVOICE_CREATE_INVOICE', 'INVOICE_PAID'],
    });
    for (let round = 0; round < 3; round++) await sandbox.control.deliverNow();
    expect(receiver.deliveries).toHaveLength(3);
    const ids: number[] = [];
    for (const delivery of receiver.deliveries) {
      expect(delivery.headers['key']).toBe(subscription.publicKey);
      // The documented principle: lowercase hex HMAC-SHA512 of the raw body with the secretKey.
      expect(delivery.headers['sign']).toMatch(/^[0-9a-f]{128}$/);
      expect(verifySignature(delivery.body, subscription.secretKey, delivery.headers['sign'] ?? '')).toBe(
        true,
      );
      const event = JSON.parse(delivery.body) as Record<string, unknown>;
      expect(Object.keys(event)).toEqual([
        'requestId',
        'id',
        'createdDate',
        'level',
        'service',
        'eventType',
        'data',
      ]);
      expect(typeof event.id).toBe('number');
      ids.push(event.id as number);
      expect(event.createdDate).toMatch(ZONELESS_MICROS);
      expect(['SUCCESS', 'INFO', 'WARNING']).toContain(event.level);
      expect(event.service).toBe('INVOICE');
      const data = event.data as Record<string, unknown>;
      expect(Object.keys(data).sort()).toEqual(
        [
          'parentExternalId',
          'amount',
          'currency',
          'fiatcurrency',
          'message',
          'createdDate',
          'type',
          'idempotencyKey',
        ].sort(),
      );
      expect(data.type).toBe(event.eventType);
      expect(data.createdDate).toMatch(ZONELESS_MICROS);
      expect(typeof data.amount).toBe('number');
    }
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(3);
  });

  it('only 200 counts as delivered: 201 and 204 are failures with the reason; accept2xx relaxes it', async () => {
    for (const status of [201, 204]) {
      const receiver = await receiverForTest(status);
      const sandbox = await sandboxForTest();
      sandbox.control.addSubscription({ url: receiver.url, notificationServiceTypes: ['INVOICE'] });
      const [attempt] = await sandbox.control.deliverNow();
      expect(attempt).toMatchObject({ ok: false, status });
      expect(attempt?.error).toContain(`answered ${status}`);
      expect(attempt?.error).toContain('only 200 OK');
      expect(only(sandbox.control.subscriptions()).errorCount).toBe(1);

      const relaxed = await sandboxForTest({ accept2xx: true });
      relaxed.control.addSubscription({ url: receiver.url, notificationServiceTypes: ['INVOICE'] });
      expect((await relaxed.control.deliverNow())[0]).toMatchObject({ ok: true, status, error: null });
      expect(only(relaxed.control.subscriptions()).errorCount).toBe(0);
    }
  });

  it("retries a failed delivery 19 times on Calypso's Fibonacci gaps with the same id and body, counts every attempt, then drops it", async () => {
    const clock = manualClock();
    const lines: string[] = [];
    const receiver = await receiverForTest(500);
    const sandbox = await sandboxForTest({ now: clock.now, log: (line) => lines.push(line) });
    sandbox.control.addSubscription({ url: receiver.url, notificationServiceTypes: ['PAYOUT'] });
    const [first] = await sandbox.control.deliverNow();
    expect(first).toMatchObject({ kind: 'delivery', retry: 0, ok: false });
    for (const [index, gapS] of DOCUMENTED_GAPS_S.entries()) {
      clock.advance(gapS * 1000 - 1);
      expect(await sandbox.control.retryDue()).toEqual([]);
      clock.advance(1);
      const retries = await sandbox.control.retryDue();
      expect(retries).toHaveLength(1);
      expect(retries[0]).toMatchObject({ kind: 'retry', retry: index + 1, eventId: first?.eventId });
    }
    const last = sandbox.control.deliveries().at(-1);
    expect(last).toMatchObject({ retry: 19, dropped: true, nextRetryAt: null });
    // About 91 hours from the first failure to the last retry.
    const hours = (Date.parse(last?.attemptedAt ?? '') - Date.parse(first?.attemptedAt ?? '')) / 3_600_000;
    expect(hours).toBeGreaterThan(90);
    expect(hours).toBeLessThan(92);
    clock.advance(400_000_000);
    expect(await sandbox.control.retryDue()).toEqual([]);
    // Every attempt was the same event, byte for byte, and counted as a failure.
    expect(new Set(receiver.deliveries.map((d) => d.body)).size).toBe(1);
    expect(receiver.deliveries).toHaveLength(20);
    expect(only(sandbox.control.subscriptions()).errorCount).toBe(20);
    // The log shows each retry with the delivery id, and the drop.
    expect(lines.filter((line) => /retry \d+ of 19 of delivery 1 /.test(line))).toHaveLength(19);
    expect(lines.some((line) => line.includes('dropped after 19 retries'))).toBe(true);
  });

  it('time scale divides the retry gaps', async () => {
    const clock = manualClock();
    const sandbox = await sandboxForTest({ now: clock.now, timeScale: 30 });
    sandbox.control.addSubscription({
      url: sandbox.control.receiverUrl('fail'),
      notificationServiceTypes: ['INVOICE'],
    });
    const [first] = await sandbox.control.deliverNow();
    expect(Date.parse(first?.nextRetryAt ?? '') - Date.parse(first?.attemptedAt ?? '')).toBe(1_000);
  });

  it('retries count toward the block; a block suspends retries; the unblock resends every failed event in order', async () => {
    const clock = manualClock();
    const lines: string[] = [];
    const receiver = await receiverForTest(500);
    const sandbox = await sandboxForTest({
      now: clock.now,
      blockAfter: 3,
      blockWindowMs: 600_000,
      log: (line) => lines.push(line),
    });
    const { requestId } = sandbox.control.addSubscription({
      url: receiver.url,
      notificationServiceTypes: ['INVOICE'],
    });
    await sandbox.control.deliverNow();
    await sandbox.control.deliverNow();
    clock.advance(30_000);
    // The retries of events 1 and 2 are failures three and four: more than 3 in the window blocks.
    const retries = await sandbox.control.retryDue();
    expect(retries.map((attempt) => [attempt.eventId, attempt.kind])).toEqual([
      [1, 'retry'],
      [2, 'retry'],
    ]);
    expect(retries[1]?.blocked).toBe(true);
    expect(only(sandbox.control.subscriptions())).toMatchObject({ errorCount: 4, blockedByErrorCount: true });
    clock.advance(3_600_000);
    expect(await sandbox.control.retryDue()).toEqual([]);
    expect(await sandbox.control.deliverNow()).toEqual([]);

    receiver.setStatus(200);
    const before = receiver.deliveries.length;
    sandbox.control.unblock(requestId);
    await sandbox.control.settled();
    const resent = receiver.deliveries.slice(before).map((d) => (JSON.parse(d.body) as { id: number }).id);
    expect(resent).toEqual([1, 2]);
    expect(sandbox.control.deliveries().slice(-2)).toMatchObject([
      { kind: 'resend', eventId: 1, ok: true },
      { kind: 'resend', eventId: 2, ok: true },
    ]);
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 0,
      blockedByErrorCount: false,
    });
    expect(lines.filter((line) => /resend [12] /.test(line))).toHaveLength(2);
    // Delivered: nothing is retried any more.
    clock.advance(400_000_000);
    expect(await sandbox.control.retryDue()).toEqual([]);
  });

  it('the demo shows "payouts" failing at once and blocked within a minute, retries included', async () => {
    const clock = manualClock();
    // The demo's own time scale and thresholds; the test plays the interval and the retry ticks.
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null, now: clock.now });
    const payouts = () => sandbox.control.subscriptions()[1];
    expect(payouts()).toMatchObject({ errorCount: 3, blockedByErrorCount: false });
    let elapsedMs = 0;
    while (payouts()?.blockedByErrorCount !== true && elapsedMs < 60_000) {
      if (elapsedMs % 2_000 === 0) await sandbox.control.deliverNow();
      await sandbox.control.retryDue();
      clock.advance(100);
      elapsedMs += 100;
    }
    expect(payouts()?.blockedByErrorCount).toBe(true);
    expect(elapsedMs).toBeLessThan(60_000);
    expect(sandbox.control.deliveries().some((attempt) => attempt.kind === 'retry')).toBe(true);
  });

  it('tells its client the blocking rule in force on the list call (a sandbox-only header)', async () => {
    for (const [options, expected] of [
      [{}, 'failures=101; window=600'],
      [{ blockAfter: 3, blockWindowMs: 10_000 }, 'failures=4; window=10'],
    ] as const) {
      const sandbox = await sandboxForTest(options);
      const { account, apiKey, apiSecret } = sandbox.credentials;
      const body = JSON.stringify({ account, timestamp: Date.now() });
      const response = await fetch(`${sandbox.url}/api/v1/subscription/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Key: apiKey, Sign: sign(body, apiSecret) },
        body,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-sandbox-block-rule')).toBe(expected);
    }
  });
});
