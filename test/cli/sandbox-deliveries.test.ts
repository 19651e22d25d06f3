/** Issue 17, items 6 to 10, through the built CLI's sandbox with real receivers on loopback. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../main/core/api/channel';
import { sign, verifySignature } from '../../main/core/api/signing';
import type { DeliveryAttempt } from '../../main/core/sandbox/types';
import { receiverForTest } from '../support/webhook-receiver';
import { isolatedConfigDir, json, requireBuiltCli, runCli } from './cli-harness';
import { control, exportsOf, startSandboxCommand, tokenOf, urlOf } from './sandbox-cli-harness';

beforeAll(requireBuiltCli);

type Running = Awaited<ReturnType<typeof startSandboxCommand>>;

/** Runs `fn` against `sandbox ...args` and always stops it. */
async function withSandboxCommand(args: string[], fn: (running: Running) => Promise<void>) {
  const running = await startSandboxCommand(args);
  try {
    await fn(running);
  } finally {
    running.child.kill('SIGTERM');
    await running.exited;
  }
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const idOf = (body: string) => (JSON.parse(body) as { id: number }).id;

describe('sandbox command deliveries', () => {
  it('a receiver on loopback gets the documented shape, signed with the subscription secret key', async () => {
    const receiver = await receiverForTest(200);
    await withSandboxCommand(['--delivery-interval', '0.2'], async (running) => {
      const url = urlOf(running.stdout());
      const token = tokenOf(running.stdout());
      const seed = { url: receiver.url, notificationEventTypes: ['INVOICE_CREATE_INVOICE'] };
      const added = await control(url, token, 'POST', '/subscriptions', seed);
      const subscription = added.json as unknown as Channel;
      await until(
        () => receiver.deliveries.length,
        (n) => n >= 2,
      );
      const [first, second] = receiver.deliveries;
      for (const delivery of [first!, second!]) {
        expect(delivery.headers['key']).toBe(subscription.publicKey);
        expect(verifySignature(delivery.body, subscription.secretKey, delivery.headers['sign'] ?? '')).toBe(
          true,
        );
        const event = JSON.parse(delivery.body) as Record<string, unknown>;
        expect(event).toMatchObject({
          requestId: subscription.requestId,
          id: expect.any(Number),
          createdDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/),
          level: expect.stringMatching(/^(SUCCESS|INFO|WARNING)$/),
          service: 'INVOICE',
          eventType: 'INVOICE_CREATE_INVOICE',
          data: {
            parentExternalId: expect.any(Number),
            amount: expect.any(Number),
            currency: expect.any(String),
            fiatcurrency: expect.any(String),
            message: expect.any(String),
            createdDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/),
            type: 'INVOICE_CREATE_INVOICE',
            idempotencyKey: expect.any(String),
          },
        });
      }
      expect(idOf(second!.body)).toBeGreaterThan(idOf(first!.body));
    });
  });

  it('a receiver answering 204 makes the subscription fail, and the log says why; --accept-2xx accepts it', async () => {
    const receiver = await receiverForTest(204);
    await withSandboxCommand(['--delivery-interval', '0.2'], async (running) => {
      const exported = exportsOf(running.stdout());
      const env = { ...exported, WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir() };
      const created = await runCli(['create', '--url', receiver.url, '--service', 'INVOICE', '--json'], {
        env,
      });
      expect(created.code, created.stderr).toBe(0);
      const listed = await until(
        async () => json<{ subscriptions: Channel[] }>(await runCli(['list', '--json'], { env })),
        (list) => (list.subscriptions[0]?.errorCount ?? 0) > 0,
      );
      expect(listed.subscriptions[0]?.errorFirstDate).not.toBeNull();
      expect(running.stderr()).toContain('answered 204; Calypso counts only 200 OK as delivered');
    });
    await withSandboxCommand(['--delivery-interval', '3600', '--accept-2xx'], async (running) => {
      const url = urlOf(running.stdout());
      const token = tokenOf(running.stdout());
      await control(url, token, 'POST', '/subscriptions', {
        url: receiver.url,
        notificationServiceTypes: ['INVOICE'],
      });
      const round = await control(url, token, 'POST', '/deliver');
      expect((round.json.attempts as DeliveryAttempt[])[0]).toMatchObject({ ok: true, status: 204 });
    });
  });

  it('with --time-scale 30 the first retry of a failed delivery (same id) arrives after about one second', async () => {
    const receiver = await receiverForTest(500);
    // An hour between new events (two minutes at this scale): only the retry follows the first delivery.
    await withSandboxCommand(['--delivery-interval', '3600', '--time-scale', '30'], async (running) => {
      const url = urlOf(running.stdout());
      const token = tokenOf(running.stdout());
      await control(url, token, 'POST', '/subscriptions', {
        url: receiver.url,
        notificationServiceTypes: ['PAYOUT'],
      });
      await control(url, token, 'POST', '/deliver');
      await until(
        () => receiver.deliveries.length,
        (n) => n >= 2,
        10_000,
      );
      const [first, retry] = receiver.deliveries;
      expect(idOf(retry!.body)).toBe(idOf(first!.body));
      expect(retry!.body).toBe(first!.body);
      const gapMs = retry!.receivedAtMs - first!.receivedAtMs;
      expect(gapMs).toBeGreaterThanOrEqual(900);
      expect(gapMs).toBeLessThan(2_500);
      const log = await control(url, token, 'GET', '/deliveries');
      expect((log.json.attempts as DeliveryAttempt[]).slice(0, 2)).toMatchObject([
        { kind: 'delivery', retry: 0, eventId: idOf(first!.body) },
        { kind: 'retry', retry: 1, eventId: idOf(first!.body) },
      ]);
      expect(running.stderr()).toMatch(/retry 1 of 19 of delivery \d+ \(PAYOUT_\w+\)/);
    });
  }, 30_000);

  it('an unblock resends the failed deliveries in order', async () => {
    const receiver = await receiverForTest(500);
    await withSandboxCommand(['--delivery-interval', '3600', '--block-after', '2'], async (running) => {
      const url = urlOf(running.stdout());
      const token = tokenOf(running.stdout());
      const seed = { url: receiver.url, notificationServiceTypes: ['INVOICE'] };
      const { requestId } = (await control(url, token, 'POST', '/subscriptions', seed)).json as {
        requestId: string;
      };
      for (let i = 0; i < 3; i++) await control(url, token, 'POST', '/deliver');
      const state = await control(url, token, 'GET', '/state');
      expect((state.json.subscriptions as Channel[])[0]).toMatchObject({
        blockedByErrorCount: true,
        errorCount: 3,
      });
      const failedIds = receiver.deliveries.map((d) => idOf(d.body));
      expect(failedIds).toHaveLength(3);

      receiver.setStatus(200);
      expect((await control(url, token, 'POST', `/subscriptions/${requestId}/unblock`)).status).toBe(200);
      await until(
        () => receiver.deliveries.length,
        (n) => n >= 6,
      );
      expect(receiver.deliveries.slice(3).map((d) => idOf(d.body))).toEqual(failedIds);
      const after = await control(url, token, 'GET', '/state');
      expect((after.json.subscriptions as Channel[])[0]).toMatchObject({
        blockedByErrorCount: false,
        errorCount: 0,
      });
      expect(running.stderr()).toContain(
        `subscription ${requestId} unblocked; resending its 3 failed deliveries`,
      );
      expect(running.stderr()).toMatch(
        new RegExp(`resend ${failedIds[0]} \\(INVOICE_\\w+\\) to subscription ${requestId} -> 200 delivered`),
      );
    });
  });

  it('the list call carries the sandbox-only block rule header', async () => {
    await withSandboxCommand(['--block-after', '20', '--block-window', '60'], async (running) => {
      const exported = exportsOf(running.stdout());
      const body = JSON.stringify({ account: exported.WEBHOOK_TRAY_ACCOUNT, timestamp: Date.now() });
      const response = await fetch(`${exported.WEBHOOK_TRAY_BASE_URL}/api/v1/subscription/webhook`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Key: exported.WEBHOOK_TRAY_API_KEY!,
          Sign: sign(body, exported.WEBHOOK_TRAY_API_SECRET!),
        },
        body,
      });
      expect(response.headers.get('x-sandbox-block-rule')).toBe('failures=21; window=60');
    });
  });

  it('refuses a --time-scale below 1 with exit 2', async () => {
    const result = await runCli(['sandbox', '--time-scale', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--time-scale <n>' argument '0' is invalid");
  });
});
