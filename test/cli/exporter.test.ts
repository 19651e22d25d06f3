/**
 * `exporter` end to end: the built CLI as a subprocess against the sandbox, scraped over HTTP on
 * loopback. Each subscription state gives the exact series the issue lists, and nothing outlives
 * its subscription.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCalypsoClient } from '../../main/core/api';
import type { RunningSandbox } from '../../main/core/sandbox';
import { parseScrape, series, type Sample } from '../support/prom-text';
import { waitFor } from '../support/wait-for';
import { startCliSandbox } from './cli-harness';
import { promtoolCheck, scrapeText, scrapeUntil, startExporter } from './exporter-harness';

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeEach(async () => {
  ({ sandbox, env } = await startCliSandbox());
});
afterEach(() => sandbox.close());

const iso = (ms: number) => new Date(ms).toISOString();

/** One subscription of every state; the dates are whole seconds, as Calypso writes them. */
function seed() {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const add = (url: string, fields: Parameters<RunningSandbox['control']['addSubscription']>[0]) =>
    sandbox.control.addSubscription({ ...fields, url }).requestId;
  return {
    now,
    healthy: add('https://hook-user:hook-pass@hooks.example:8443/calypso/in?token=s3cret#frag', { url: '' }),
    failing: add('http://127.0.0.1:9/failing', {
      url: '',
      errorCount: 3,
      errorFirstDate: iso(now - 180_000),
      errorLastDate: iso(now - 60_000),
    }),
    atRisk: add('http://127.0.0.1:9/at-risk', {
      url: '',
      errorCount: 95,
      errorFirstDate: iso(now - 300_000),
      errorLastDate: iso(now - 5_000),
    }),
    blocked: add('http://127.0.0.1:9/blocked', {
      url: '',
      blockedByErrorCount: true,
      errorCount: 101,
      errorFirstDate: iso(now - 3_600_000),
      errorLastDate: iso(now - 3_000_000),
    }),
    disabled: add('http://127.0.0.1:9/disabled', { url: '', enabled: false }),
  };
}

const up = (samples: Sample[]) => series(samples, 'calypso_webhook_up')[0]?.value === 1;

function valuesByRequest(samples: Sample[], name: string): Record<string, number> {
  return Object.fromEntries(series(samples, name).map((s) => [s.labels.request_id!, s.value]));
}

describe('exporter: the metrics of each subscription state', () => {
  it('serves every metric with the exact labels and values, the url label stripped of secrets', async () => {
    const ids = seed();
    const exporter = await startExporter(['--interval', '1'], env);
    const samples = await scrapeUntil(exporter, 'a successful poll', up);
    const account = sandbox.credentials.account;
    const accountLabels = { profile: 'environment', account };

    expect(series(samples, 'calypso_webhook_up')).toEqual([
      { name: 'calypso_webhook_up', labels: accountLabels, value: 1 },
    ]);
    const lastPoll = series(samples, 'calypso_webhook_last_poll_timestamp_seconds');
    expect(lastPoll.map((s) => s.labels)).toEqual([accountLabels]);
    expect(Math.abs(lastPoll[0]!.value - Date.now() / 1000)).toBeLessThan(10);

    const health = series(samples, 'calypso_webhook_health');
    expect(health.map((s) => s.labels).sort((a, b) => a.url!.localeCompare(b.url!))).toEqual([
      { ...accountLabels, request_id: ids.atRisk, url: 'http://127.0.0.1:9/at-risk', state: 'failing' },
      { ...accountLabels, request_id: ids.blocked, url: 'http://127.0.0.1:9/blocked', state: 'blocked' },
      { ...accountLabels, request_id: ids.disabled, url: 'http://127.0.0.1:9/disabled', state: 'disabled' },
      { ...accountLabels, request_id: ids.failing, url: 'http://127.0.0.1:9/failing', state: 'failing' },
      {
        ...accountLabels,
        request_id: ids.healthy,
        url: 'https://hooks.example:8443/calypso/in',
        state: 'healthy',
      },
    ]);
    expect(health.every((s) => s.value === 1)).toBe(true);
    // No label anywhere carries the receiver's user info or token.
    const text = await scrapeText(exporter);
    for (const secret of ['hook-user', 'hook-pass', 's3cret', 'frag']) expect(text).not.toContain(secret);

    for (const name of [
      'calypso_webhook_blocked',
      'calypso_webhook_enabled',
      'calypso_webhook_consecutive_failures',
    ]) {
      for (const s of series(samples, name)) {
        expect(Object.keys(s.labels).sort()).toEqual(['account', 'profile', 'request_id', 'url']);
      }
    }
    expect(valuesByRequest(samples, 'calypso_webhook_blocked')).toEqual({
      [ids.healthy]: 0,
      [ids.failing]: 0,
      [ids.atRisk]: 0,
      [ids.blocked]: 1,
      [ids.disabled]: 0,
    });
    expect(valuesByRequest(samples, 'calypso_webhook_enabled')).toEqual({
      [ids.healthy]: 1,
      [ids.failing]: 1,
      [ids.atRisk]: 1,
      [ids.blocked]: 1,
      [ids.disabled]: 0,
    });
    expect(valuesByRequest(samples, 'calypso_webhook_consecutive_failures')).toEqual({
      [ids.healthy]: 0,
      [ids.failing]: 3,
      [ids.atRisk]: 95,
      [ids.blocked]: 101,
      [ids.disabled]: 0,
    });
    expect(valuesByRequest(samples, 'calypso_webhook_failing_since_timestamp_seconds')).toEqual({
      [ids.failing]: (ids.now - 180_000) / 1000,
      [ids.atRisk]: (ids.now - 300_000) / 1000,
    });
    // 94 failures in 295 s, 6 short of more than 100 in 10 minutes: blocked within a minute.
    const predicted = valuesByRequest(samples, 'calypso_webhook_predicted_block_timestamp_seconds');
    expect(Object.keys(predicted)).toEqual([ids.atRisk]);
    expect(predicted[ids.atRisk]).toBeGreaterThan(ids.now / 1000 - 60);
    expect(predicted[ids.atRisk]).toBeLessThan(ids.now / 1000 + 30 * 60);

    const ok = series(samples, 'calypso_api_requests_total', { ...accountLabels, outcome: 'ok' });
    expect(ok[0]?.value).toBeGreaterThanOrEqual(1);
    expect(series(samples, 'calypso_api_request_duration_seconds_count', accountLabels)[0]?.value).toBe(
      series(samples, 'calypso_api_requests_total', accountLabels).reduce((sum, s) => sum + s.value, 0),
    );
  });

  it('has a HELP and TYPE line for each metric, and the process metrics', async () => {
    const exporter = await startExporter([], env);
    const { help, type } = parseScrape(await scrapeText(exporter));
    const gauges = [
      'calypso_webhook_up',
      'calypso_webhook_last_poll_timestamp_seconds',
      'calypso_webhook_health',
      'calypso_webhook_blocked',
      'calypso_webhook_enabled',
      'calypso_webhook_consecutive_failures',
      'calypso_webhook_failing_since_timestamp_seconds',
      'calypso_webhook_predicted_block_timestamp_seconds',
      'calypso_webhook_certificate_expiry_timestamp_seconds',
    ];
    for (const name of gauges) {
      expect(type.get(name), name).toBe('gauge');
      expect(help.get(name)?.length ?? 0, name).toBeGreaterThan(20);
    }
    expect(type.get('calypso_api_requests_total')).toBe('counter');
    expect(type.get('calypso_api_request_duration_seconds')).toBe('histogram');
    expect(type.get('process_resident_memory_bytes')).toBe('gauge');
    expect(type.get('nodejs_heap_size_used_bytes')).toBe('gauge');
  });

  it('drops the series of a subscription deleted in Calypso at the next poll', async () => {
    const ids = seed();
    const exporter = await startExporter(['--interval', '1', '--fast-interval', '1'], env);
    const before = await scrapeUntil(exporter, 'a successful poll', up);
    const ofBlocked = (samples: Sample[]) => samples.filter((s) => s.labels.request_id === ids.blocked);
    expect(
      ofBlocked(before)
        .map((s) => s.name)
        .sort(),
    ).toEqual([
      'calypso_webhook_blocked',
      'calypso_webhook_consecutive_failures',
      'calypso_webhook_enabled',
      'calypso_webhook_health',
    ]);
    const client = createCalypsoClient({ baseUrl: sandbox.url, ...sandbox.credentials });
    await client.delete(ids.blocked);
    await client.delete(ids.atRisk);
    const after = await scrapeUntil(
      exporter,
      'the deleted subscriptions to leave /metrics',
      (samples) => series(samples, 'calypso_webhook_health').length === 3,
    );
    expect(
      after.filter((s) => s.labels.request_id === ids.blocked || s.labels.request_id === ids.atRisk),
    ).toEqual([]);
    expect(series(after, 'calypso_webhook_predicted_block_timestamp_seconds')).toEqual([]);
  });
});

describe('exporter: the process', () => {
  it('serves /healthz, 404 elsewhere, 405 for other methods, and exits 0 on SIGTERM', async () => {
    const exporter = await startExporter([], env);
    const health = await fetch(`${exporter.base}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
    expect((await fetch(`${exporter.base}/`)).status).toBe(404);
    expect((await fetch(`${exporter.base}/metrics/extra`)).status).toBe(404);
    const post = await fetch(`${exporter.base}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
    expect((await fetch(`${exporter.base}/metrics`)).headers.get('content-type')).toMatch(
      /^text\/plain; version=0\.0\.4/,
    );
    expect(exporter.stderr()).toMatch(
      /^exporter: serving http:\/\/127\.0\.0\.1:\d+\/metrics for 1 account\n/,
    );
    exporter.child.kill('SIGTERM');
    expect(await exporter.exited).toBe(0);
  });

  it('exits 0 on SIGINT too', async () => {
    const exporter = await startExporter([], env);
    exporter.child.kill('SIGINT');
    expect(await exporter.exited).toBe(0);
  });

  it('reports refused credentials as up 0 and an auth-error request, and says so on stderr', async () => {
    const exporter = await startExporter([], { ...env, WEBHOOK_TRAY_API_SECRET: 'not-the-secret' });
    const samples = await scrapeUntil(exporter, 'the refused poll', (s) =>
      series(s, 'calypso_api_requests_total', { outcome: 'auth-error' }).some((x) => x.value >= 1),
    );
    expect(series(samples, 'calypso_webhook_up')[0]?.value).toBe(0);
    expect(series(samples, 'calypso_webhook_last_poll_timestamp_seconds')).toHaveLength(1);
    // In the CLI's terms: where the credentials came from, and what happens next.
    await waitFor('the refusal on stderr', () => exporter.stderr().includes('exporter: environment:'));
    expect(exporter.stderr()).toMatch(
      /exporter: environment: Calypso refused the credentials: .*WEBHOOK_TRAY_API_SECRET.* It is not polled again until the exporter restarts\.\n/,
    );
    expect(exporter.stderr()).not.toContain('account settings');
    expect(exporter.stderr()).not.toContain('not-the-secret');
  });

  it('counts a failed poll once: the client does not retry, the monitor backs off on its own', async () => {
    sandbox.control.injectFault({ status: 500, count: 1 });
    const exporter = await startExporter([], env);
    const samples = await scrapeUntil(exporter, 'the failed poll', (s) =>
      series(s, 'calypso_api_requests_total', { outcome: 'server-error' }).some((x) => x.value === 1),
    );
    expect(series(samples, 'calypso_api_requests_total', { outcome: 'ok' })[0]?.value).toBe(0);
    expect(series(samples, 'calypso_webhook_up')[0]?.value).toBe(0);
    expect(sandbox.control.requests()).toHaveLength(1);
  });

  it('passes `promtool check metrics` on a real scrape', async () => {
    seed();
    const exporter = await startExporter(['--interval', '1'], env);
    await scrapeUntil(exporter, 'a successful poll', up);
    expect(await promtoolCheck(await scrapeText(exporter))).toEqual({ code: 0, output: '' });
  });
});
