import { describe, expect, it, vi } from 'vitest';
import { verifySignature } from '../../../main/core/api/signing';
import { CALYPSO_THRESHOLDS } from '../../../main/core/sandbox';
import type { SandboxSubscription } from '../../../main/core/sandbox/types';
import type { WebhookEvent } from '../../../main/core/sandbox/webhook-events';
import { sandboxForTest } from '../../support/sandbox';
import { receiverForTest } from '../../support/webhook-receiver';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2025-06-01T12:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    iso: (offsetMs: number) => new Date(start + offsetMs).toISOString(),
  };
}

function only(subscriptions: SandboxSubscription[]): SandboxSubscription {
  const [subscription] = subscriptions;
  if (subscription === undefined || subscriptions.length !== 1) throw new Error('expected one subscription');
  return subscription;
}

describe('sandbox deliveries', () => {
  it('blocks a subscription on a failing receiver at the threshold, with correct counts and dates; a success resets them', async () => {
    const clock = manualClock();
    const receiver = await receiverForTest(500);
    const sandbox = await sandboxForTest({ blockAfter: 5, blockWindowMs: 60_000, now: clock.now });
    const { requestId } = sandbox.control.addSubscription({
      url: receiver.url,
      notificationEventTypes: ['INVOICE_PAID', 'INVOICE_EXPIRED'],
    });

    for (let round = 0; round < 5; round++) {
      const [attempt] = await sandbox.control.deliverNow();
      expect(attempt).toMatchObject({ ok: false, status: 500, blocked: false });
      clock.advance(1_000);
    }
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 5,
      blockedByErrorCount: false,
      errorFirstDate: clock.iso(0),
      errorLastDate: clock.iso(4_000),
    });

    // More than 5 failures within the window: the sixth blocks it.
    const [sixth] = await sandbox.control.deliverNow();
    expect(sixth).toMatchObject({ ok: false, blocked: true });
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 6,
      blockedByErrorCount: true,
      errorFirstDate: clock.iso(0),
      errorLastDate: clock.iso(5_000),
    });

    // Blocked: deliveries stop.
    expect(await sandbox.control.deliverNow()).toEqual([]);
    expect(receiver.deliveries).toHaveLength(6);

    // The dashboard's unblock clears the block and resends the six failed events, which fail again.
    clock.advance(1_000);
    sandbox.control.unblock(requestId);
    await sandbox.control.settled();
    const resends = sandbox.control.deliveries().filter((attempt) => attempt.kind === 'resend');
    expect(resends.map((attempt) => attempt.eventId)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 6,
      blockedByErrorCount: true,
      errorFirstDate: clock.iso(6_000),
      errorLastDate: clock.iso(6_000),
    });

    // A success resets the count and both dates.
    sandbox.control.unblock(requestId);
    receiver.setStatus(200);
    await sandbox.control.settled();
    const success = sandbox.control.deliveries().at(-1);
    expect(success).toMatchObject({ ok: true, status: 200, kind: 'resend', eventId: 6 });
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 0,
      blockedByErrorCount: false,
      errorFirstDate: null,
      errorLastDate: null,
    });

    // Every delivery carried the subscription's public key and a Sign made with its secretKey.
    const subscription = only(sandbox.control.subscriptions());
    expect(receiver.deliveries).toHaveLength(18);
    for (const delivery of receiver.deliveries) {
      expect(delivery.headers['key']).toBe(subscription.publicKey);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(verifySignature(delivery.body, subscription.secretKey, delivery.headers['sign'] ?? '')).toBe(
        true,
      );
      const event = JSON.parse(delivery.body) as WebhookEvent;
      expect(Object.keys(event).sort()).toEqual(
        ['createdDate', 'data', 'eventType', 'id', 'level', 'requestId', 'service'].sort(),
      );
      expect(event.requestId).toBe(requestId);
      expect(event.service).toBe('INVOICE');
      expect(['INVOICE_PAID', 'INVOICE_EXPIRED']).toContain(event.eventType);
      expect(['SUCCESS', 'INFO', 'WARNING']).toContain(event.level);
    }
  });

  it("the library defaults are Calypso's: blocked after more than 100 failures within 10 minutes", async () => {
    expect(CALYPSO_THRESHOLDS).toEqual({ blockAfter: 100, blockWindowMs: 10 * 60_000 });
    const clock = manualClock();
    // No blockAfter or blockWindowMs: the defaults under test.
    const sandbox = await sandboxForTest({ now: clock.now });
    const inWindow = sandbox.control.addSubscription({
      url: sandbox.control.receiverUrl('fail'),
      notificationServiceTypes: ['INVOICE'],
    });
    // 100 failures 5 s apart (8 min 15 s): not more than 100, so still delivered to.
    for (let i = 0; i < 100; i++) {
      await sandbox.control.deliverNow();
      clock.advance(5_000);
    }
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 100,
      blockedByErrorCount: false,
      errorFirstDate: clock.iso(0),
      errorLastDate: clock.iso(99 * 5_000),
    });
    // The 101st, still within 10 minutes of the first, blocks it.
    const [blocking] = await sandbox.control.deliverNow();
    expect(blocking).toMatchObject({ requestId: inWindow.requestId, ok: false, blocked: true });
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 101,
      blockedByErrorCount: true,
    });
  });

  it('with the library defaults, 101 failures spread over more than 10 minutes do not block', async () => {
    const clock = manualClock();
    const sandbox = await sandboxForTest({ now: clock.now });
    sandbox.control.addSubscription({
      url: sandbox.control.receiverUrl('fail'),
      notificationServiceTypes: ['INVOICE'],
    });
    // 6.01 s apart: the 101 latest failures span 601 s, one second more than the window.
    for (let i = 0; i < 101; i++) {
      await sandbox.control.deliverNow();
      clock.advance(6_010);
    }
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 101,
      blockedByErrorCount: false,
    });
  });

  it('a success in the middle of a failing run resets the count and the dates', async () => {
    const clock = manualClock();
    const receiver = await receiverForTest(503);
    const sandbox = await sandboxForTest({ blockAfter: 3, now: clock.now });
    sandbox.control.addSubscription({ url: receiver.url, notificationServiceTypes: ['PAYOUT'] });
    await sandbox.control.deliverNow();
    await sandbox.control.deliverNow();
    expect(only(sandbox.control.subscriptions()).errorCount).toBe(2);
    receiver.setStatus(200);
    await sandbox.control.deliverNow();
    expect(only(sandbox.control.subscriptions())).toMatchObject({ errorCount: 0, errorFirstDate: null });
    receiver.setStatus(500);
    for (let i = 0; i < 3; i++) await sandbox.control.deliverNow();
    // Three failures since the success: not more than blockAfter yet.
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 3,
      blockedByErrorCount: false,
    });
    const event = JSON.parse(receiver.deliveries[0]?.body ?? '{}') as WebhookEvent;
    expect(event.service).toBe('PAYOUT');
  });

  it('failures spread wider than the window do not block', async () => {
    const clock = manualClock();
    const receiver = await receiverForTest(500);
    const sandbox = await sandboxForTest({ blockAfter: 3, blockWindowMs: 10_000, now: clock.now });
    sandbox.control.addSubscription({ url: receiver.url, notificationEventTypes: ['PAYOUT_CONFIRMED'] });
    for (let i = 0; i < 6; i++) {
      await sandbox.control.deliverNow();
      clock.advance(5_000);
    }
    expect(only(sandbox.control.subscriptions())).toMatchObject({
      errorCount: 6,
      blockedByErrorCount: false,
    });
  });

  it('counts a refused connection and a receiver that never answers as failures', async () => {
    const sandbox = await sandboxForTest({ deliveryTimeoutMs: 100 });
    const refused = await receiverForTest();
    const refusedUrl = refused.url;
    await refused.close();
    sandbox.control.addSubscription({ url: refusedUrl, notificationServiceTypes: ['INVOICE'] });
    sandbox.control.addSubscription({
      url: sandbox.control.receiverUrl('hang'),
      notificationServiceTypes: ['INVOICE'],
    });
    const attempts = await sandbox.control.deliverNow();
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) expect(attempt).toMatchObject({ ok: false, status: null });
    expect(attempts.map((attempt) => attempt.error).sort()).toEqual([
      'ECONNREFUSED',
      'no answer within 100 ms',
    ]);
    expect(sandbox.control.subscriptions().map((s) => s.errorCount)).toEqual([1, 1]);
  });

  it('skips disabled and blocked subscriptions', async () => {
    const receiver = await receiverForTest();
    const sandbox = await sandboxForTest();
    sandbox.control.addSubscription({
      url: receiver.url,
      notificationServiceTypes: ['INVOICE'],
      enabled: false,
    });
    sandbox.control.addSubscription({
      url: receiver.url,
      notificationServiceTypes: ['INVOICE'],
      blockedByErrorCount: true,
    });
    expect(await sandbox.control.deliverNow()).toEqual([]);
    expect(receiver.deliveries).toEqual([]);
  });

  it('the built-in receivers answer as named and record what they got', async () => {
    const sandbox = await sandboxForTest({ random: () => 0.9 });
    sandbox.control.addSubscription({
      url: sandbox.control.receiverUrl('ok'),
      notificationServiceTypes: ['INVOICE'],
    });
    sandbox.control.addSubscription({
      url: sandbox.control.receiverUrl('fail'),
      notificationServiceTypes: ['INVOICE'],
    });
    sandbox.control.addSubscription({
      url: sandbox.control.receiverUrl('random'),
      notificationServiceTypes: ['INVOICE'],
    });
    sandbox.control.addSubscription({
      url: sandbox.control.switchUrl('shop'),
      notificationServiceTypes: ['RECURRENT'],
    });
    sandbox.control.setReceiver('shop', { status: 410 });
    const attempts = await sandbox.control.deliverNow();
    expect(attempts.map((attempt) => attempt.status)).toEqual([200, 500, 500, 410]);
    const received = sandbox.control.received();
    expect(received.map((delivery) => delivery.receiver)).toEqual(
      expect.arrayContaining(['ok', 'fail', 'random', 'switch/shop']),
    );
    const recurrent = received.find((delivery) => delivery.receiver === 'switch/shop');
    expect((JSON.parse(recurrent?.body ?? '{}') as WebhookEvent).service).toBe('RECURRENT');
    sandbox.control.setReceiver('shop', 'ok');
    expect((await sandbox.control.deliverNow()).at(-1)?.status).toBe(200);
  });

  it('delivers on its own at the configured interval', async () => {
    const receiver = await receiverForTest();
    const sandbox = await sandboxForTest({ deliveryIntervalMs: 20 });
    sandbox.control.addSubscription({ url: receiver.url, notificationServiceTypes: ['INVOICE'] });
    await vi.waitFor(() => expect(receiver.deliveries.length).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
  });

  it('the demo seed: healthy, failing (blocked after its threshold), blocked', async () => {
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
    const [healthy, failing, blocked] = sandbox.control.subscriptions();
    expect(healthy).toMatchObject({ blockedByErrorCount: false, errorCount: 0 });
    expect(blocked).toMatchObject({ blockedByErrorCount: true, errorCount: 21 });
    expect(blocked?.errorFirstDate).not.toBeNull();
    // A failing run already in progress before any delivery, so the first list shows it failing.
    expect(sandbox.control.deliveries()).toEqual([]);
    expect(failing).toMatchObject({ blockedByErrorCount: false, errorCount: 3 });
    const started = sandbox.control.now();
    const firstAt = Date.parse(failing?.errorFirstDate ?? '');
    const lastAt = Date.parse(failing?.errorLastDate ?? '');
    expect(started - lastAt).toBeGreaterThan(0);
    expect(started - firstAt).toBeLessThan(60_000);
    expect(firstAt).toBeLessThan(lastAt);
    // Its seeded failures count toward the block: 18 more make the 21 that exceed the threshold.
    for (let round = 0; round < 17; round++) await sandbox.control.deliverNow();
    expect(sandbox.control.subscriptions()[1]).toMatchObject({ errorCount: 20, blockedByErrorCount: false });
    for (let round = 0; round < 4; round++) await sandbox.control.deliverNow();
    const after = sandbox.control.subscriptions();
    expect(after[0]).toMatchObject({ errorCount: 0, blockedByErrorCount: false });
    expect(after[1]).toMatchObject({
      requestId: failing?.requestId,
      errorCount: 21,
      blockedByErrorCount: true,
    });
    // Unblocking the old blocked one recovers it: its receiver has been fixed since.
    sandbox.control.unblock(blocked?.requestId ?? '');
    const round = await sandbox.control.deliverNow();
    expect(round.map((attempt) => [attempt.requestId, attempt.ok])).toEqual([
      [healthy?.requestId, true],
      [blocked?.requestId, true],
    ]);
  });

  it('closes promptly with a delivery hanging in flight', async () => {
    const sandbox = await sandboxForTest({ deliveryTimeoutMs: 60_000 });
    sandbox.control.addSubscription({
      url: sandbox.control.receiverUrl('hang'),
      notificationServiceTypes: ['INVOICE'],
    });
    const round = sandbox.control.deliverNow();
    await vi.waitFor(() => expect(sandbox.control.received()).toHaveLength(1));
    await sandbox.close();
    const attempts = await round;
    expect(attempts[0]?.ok).toBe(false);
    expect(sandbox.control.subscriptions()[0]?.errorCount).toBe(0);
  });
});
