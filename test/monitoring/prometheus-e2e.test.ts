import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../main/core/sandbox';
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

/** Each wait's bound: the two start-ups (15 s each at most) and these stay under the test's 60 s. */
const WAIT_MS = 12_000;

// Stopped in afterEach, which runs even when the test timed out (and before onTestFailed handlers,
// so the last run's processes are kept for the failure report).
const started: ManagedProcess[] = [];
let lastRun: ManagedProcess[] = [];
let sandbox: RunningSandbox | null = null;
let dir: string | null = null;

afterEach(async () => {
  lastRun = started.splice(0);
  await Promise.all(lastRun.map((managed) => managed.stop()));
  await sandbox?.close();
  sandbox = null;
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('the exporter scraped by a real Prometheus with the shipped rules, alerting a real Alertmanager', () => {
  it(
    'serves the demo blocked webhook as calypso_webhook_blocked 1, and Alertmanager posts CalypsoWebhookBlocked',
    { timeout: 60_000 },
    async () => {
      requireBuiltCli();
      onTestFailed(() => {
        const processes = started.length > 0 ? started : lastRun;
        console.error(`The processes' last output:\n${processes.map((managed) => managed.tail()).join('')}`);
      });
      const work = mkdtempSync(join(tmpdir(), 'wt-prometheus-e2e-'));
      dir = work;
      const calypso = await startSandbox({ seed: 'demo', deliveryIntervalMs: null });
      sandbox = calypso;
      const receiver = await receiverForTest();
      const blocked = calypso.control.subscriptions().filter((s) => s.blockedByErrorCount);
      expect(blocked.map((s) => s.requestId)).toEqual([DEMO_REQUEST_IDS.legacyErp]);

      const exporterPort = await freePort();
      started.push(
        manage(
          'webhook-tray exporter',
          spawnCli(['exporter', '--listen', `127.0.0.1:${exporterPort}`], {
            env: {
              WEBHOOK_TRAY_BASE_URL: calypso.url,
              WEBHOOK_TRAY_ACCOUNT: calypso.credentials.account,
              WEBHOOK_TRAY_API_KEY: calypso.credentials.apiKey,
              WEBHOOK_TRAY_API_SECRET: calypso.credentials.apiSecret,
              WEBHOOK_TRAY_CONFIG_DIR: join(work, 'config'),
            },
          }),
        ),
      );
      const alertmanager = await startAlertmanager(join(work, 'alertmanager'), receiver.url, started);
      const prometheus = await startPrometheus(
        join(work, 'prometheus'),
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
        { timeoutMs: WAIT_MS },
      );
      expect(samples.map((sample) => sample.metric.request_id)).toEqual([DEMO_REQUEST_IDS.legacyErp]);

      const posted = (alertname: string) =>
        eventually(
          `Alertmanager to post ${alertname} to the receiver`,
          async () =>
            receiver.deliveries
              .flatMap((delivery) => (JSON.parse(delivery.body) as { alerts: PostedAlert[] }).alerts)
              .find((candidate) => candidate.labels.alertname === alertname),
          { timeoutMs: WAIT_MS },
        );
      const alert = await posted('CalypsoWebhookBlocked');
      expect(alert.status).toBe('firing');
      expect(alert.labels).toMatchObject({
        severity: 'critical',
        profile: 'environment',
        account: calypso.credentials.account,
        request_id: DEMO_REQUEST_IDS.legacyErp,
        url: blocked[0]?.url,
      });
      expect(alert.annotations.description).toContain(`diagnose --id ${DEMO_REQUEST_IDS.legacyErp}`);

      // The demo's failing webhook has a block forecast within a minute: the exporter's forecast and the rule agree.
      const predicted = await posted('CalypsoWebhookBlockPredicted');
      expect(predicted.labels).toMatchObject({ severity: 'critical', request_id: DEMO_REQUEST_IDS.payouts });
    },
  );
});
