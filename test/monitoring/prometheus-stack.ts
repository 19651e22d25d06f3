import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, freePort, startProcess, type ManagedProcess } from './managed-process';
import { REPO_ROOT, requireTool } from './monitoring-tools';

/** The shipped rules, as an operator loads them. */
export const SHIPPED_RULES = join(REPO_ROOT, 'docs/monitoring/alerts.yml');

const READY_TIMEOUT_MS = 15_000;

export interface RunningService {
  process: ManagedProcess;
  /** http://127.0.0.1:PORT */
  url: string;
}

async function whenReady(service: RunningService): Promise<RunningService> {
  await eventually(
    `${service.process.name} to be ready at ${service.url}/-/ready`,
    async () => ((await fetch(`${service.url}/-/ready`)).ok ? true : undefined),
    { timeoutMs: READY_TIMEOUT_MS, detail: service.process.tail, giveUpIf: service.process.ended },
  );
  return service;
}

/**
 * A real Alertmanager on a free loopback port (added to `started` at once, so it is stopped even
 * when it never gets ready), its state in `dir`, without cluster gossip (no second port), sending
 * every alert at once to `webhookUrl`.
 */
export async function startAlertmanager(
  dir: string,
  webhookUrl: string,
  started: ManagedProcess[],
): Promise<RunningService> {
  const binary = requireTool('alertmanager');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    [
      'route:',
      '  receiver: test',
      '  group_by: [alertname]',
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: test',
      '    webhook_configs:',
      `      - url: ${JSON.stringify(webhookUrl)}`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const managed = startProcess('prometheus-alertmanager', binary, [
    `--config.file=${config}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ]);
  started.push(managed);
  return whenReady({ process: managed, url: `http://127.0.0.1:${port}` });
}

/**
 * A real Prometheus on a free loopback port (added to `started` at once), its TSDB in `dir`, scraping `target` (host:port)
 * every second with the shipped rules evaluated every second, alerting `alertmanager` (host:port).
 */
export async function startPrometheus(
  dir: string,
  target: string,
  alertmanager: string,
  started: ManagedProcess[],
): Promise<RunningService> {
  const binary = requireTool('prometheus');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${JSON.stringify(SHIPPED_RULES)}`,
      'alerting:',
      '  alertmanagers:',
      `    - static_configs: [{ targets: [${JSON.stringify(alertmanager)}] }]`,
      'scrape_configs:',
      '  - job_name: webhook-tray',
      `    static_configs: [{ targets: [${JSON.stringify(target)}] }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const managed = startProcess('prometheus', binary, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  started.push(managed);
  return whenReady({ process: managed, url: `http://127.0.0.1:${port}` });
}

/** One sample of an instant query's answer. */
export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Runs an instant query through Prometheus's HTTP API (/api/v1/query). */
export async function instantQuery(prometheus: RunningService, query: string): Promise<Sample[]> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { status: string; error?: string; data?: { result: Sample[] } };
  if (body.status !== 'success' || body.data === undefined) {
    throw new Error(`query ${query} failed: ${body.error ?? response.status}`);
  }
  return body.data.result;
}
