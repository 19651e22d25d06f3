import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../main/core/sandbox';
import { DEMO_REQUEST_IDS } from '../../main/core/sandbox/demo-seed';
import { requireBuiltCli, spawnCli } from '../cli/cli-harness';
import { receiverForTest } from '../support/webhook-receiver';
import { eventually, freePort, manage, type ManagedProcess } from './managed-process';
import { instantQuery, startAlertmanager, startPrometheus } from './prometheus-stack';

/** An alert as Alertmanager's webhook receiver posts it. */
interface PostedAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

describe('the exporter scraped by a real Prometheus with the shipped rules, alerting a real Alertmanager', () => {
  it(
    'serves the demo blocked webhook as calypso_webhook_blocked 1, and Alertmanager posts CalypsoWebhookBlocked',
    { timeout: 60_000 },
    async () => {
      requireBuiltCli();
      const dir = mkdtempSync(join(tmpdir(), 'wt-prometheus-e2e-'));
      const started: ManagedProcess[] = [];
      const sandbox = await startSandbox({ seed: 'demo', deliveryIntervalMs: null });
      const receiver = await receiverForTest();
      const tails = () => started.map((managed) => managed.tail()).join('');
      try {
        const blocked = sandbox.control.subscriptions().filter((s) => s.blockedByErrorCount);
        expect(blocked.map((s) => s.requestId)).toEqual([DEMO_REQUEST_IDS.legacyErp]);
        const blockedUrl = blocked[0]?.url;
        const exporterPort = await freePort();
        const exporter = manage(
          'webhook-tray exporter',
          spawnCli(['exporter', '--listen', `127.0.0.1:${exporterPort}`], {
            env: {
              WEBHOOK_TRAY_BASE_URL: sandbox.url,
              WEBHOOK_TRAY_ACCOUNT: sandbox.credentials.account,
              WEBHOOK_TRAY_API_KEY: sandbox.credentials.apiKey,
              WEBHOOK_TRAY_API_SECRET: sandbox.credentials.apiSecret,
              WEBHOOK_TRAY_CONFIG_DIR: join(dir, 'config'),
            },
          }),
        );
        started.push(exporter);
        const alertmanager = await startAlertmanager(join(dir, 'alertmanager'), receiver.url, started);
        const prometheus = await startPrometheus(
          join(dir, 'prometheus'),
          `127.0.0.1:${exporterPort}`,
          new URL(alertmanager.url).host,
          started,
        );

        const samples = await eventually(
          'Prometheus to answer calypso_webhook_blocked == 1',
          async () => {
            const result = await instantQuery(prometheus, 'calypso_webhook_blocked == 1');
            return result.length > 0 ? result : undefined;
          },
          { timeoutMs: 25_000 },
        );
        expect(samples.map((sample) => sample.metric.request_id)).toEqual([DEMO_REQUEST_IDS.legacyErp]);

        const alert = await eventually(
          'Alertmanager to post CalypsoWebhookBlocked to the receiver',
          async () =>
            receiver.deliveries
              .flatMap((delivery) => (JSON.parse(delivery.body) as { alerts: PostedAlert[] }).alerts)
              .find((posted) => posted.labels.alertname === 'CalypsoWebhookBlocked'),
          { timeoutMs: 25_000 },
        );
        expect(alert.status).toBe('firing');
        expect(alert.labels).toMatchObject({
          severity: 'critical',
          profile: 'environment',
          request_id: DEMO_REQUEST_IDS.legacyErp,
          url: blockedUrl,
          account: sandbox.credentials.account,
        });
        expect(alert.annotations.description).toContain(`diagnose --id ${DEMO_REQUEST_IDS.legacyErp}`);
      } catch (error) {
        console.error(`The processes' last output:\n${tails()}`);
        throw error;
      } finally {
        await Promise.all(started.map((managed) => managed.stop()));
        await sandbox.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
