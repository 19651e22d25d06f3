/**
 * The API request metrics, through a real client against the sandbox: each outcome counted from
 * the error the client really returns, and the calls' results left as they were.
 */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { toAppError } from '../../../main/common/errors';
import { API_OUTCOMES } from '../../../main/core/exporter';
import { registerApiMetrics } from '../../../main/core/exporter/api-metrics';
import { sandboxClient, sandboxForTest } from '../../support/sandbox';
import { parseScrape, series } from '../../support/prom-text';

const LABELS = { profile: 'Live', account: 'acct-1' };

async function scrape(registry: Registry) {
  return parseScrape(await registry.metrics()).samples;
}

describe('calypso_api_requests_total and calypso_api_request_duration_seconds', () => {
  it('start every outcome at 0 for a watched account, before any request', async () => {
    const sandbox = await sandboxForTest();
    const registry = new Registry();
    registerApiMetrics(registry).observe(sandboxClient(sandbox), LABELS);
    const samples = await scrape(registry);
    const outcomes = series(samples, 'calypso_api_requests_total', LABELS);
    expect(outcomes.map((s) => s.labels.outcome).sort()).toEqual([...API_OUTCOMES].sort());
    expect(outcomes.every((s) => s.value === 0)).toBe(true);
    expect(series(samples, 'calypso_api_request_duration_seconds_count', LABELS)[0]?.value).toBe(0);
  });

  it('count each list call by the outcome of the error the client returned, and pass it on unchanged', async () => {
    const sandbox = await sandboxForTest();
    const registry = new Registry();
    const client = registerApiMetrics(registry).observe(
      sandboxClient(sandbox, {}, { maxListRetries: 0, timeoutMs: 300 }),
      LABELS,
    );
    const plain = sandboxClient(sandbox, {}, { maxListRetries: 0 });
    expect(await client.list()).toEqual(await plain.list());
    const update = await client.listIfChanged(null);
    expect(update.changed).toBe(true);

    const failures: [Parameters<typeof sandbox.control.injectFault>[0], string, string][] = [
      [{ status: 500 }, 'server', 'server-error'],
      [{ status: 429, retryAfter: '3600' }, 'rate-limit', 'rate-limited'],
      [{ status: 401, message: 'Invalid signature' }, 'auth', 'auth-error'],
      [{ body: 'malformed' }, 'bad-response', 'bad-response'],
      [{ hang: true }, 'timeout', 'timeout'],
    ];
    for (const [fault, kind] of failures) {
      sandbox.control.injectFault(fault);
      const error = await client.listIfChanged(null).then(
        () => null,
        (e: unknown) => toAppError(e),
      );
      expect(error?.kind).toBe(kind);
    }
    sandbox.control.clearFaults();
    await sandbox.close();
    expect(toAppError(await client.list().catch((e: unknown) => e)).kind).toBe('network');

    const samples = await scrape(registry);
    const count = (outcome: string) =>
      series(samples, 'calypso_api_requests_total', { ...LABELS, outcome })[0]?.value;
    expect(count('ok')).toBe(2);
    for (const [, , outcome] of failures) expect(count(outcome)).toBe(1);
    expect(count('network-error')).toBe(1);
    expect(count('other')).toBe(0);
    expect(series(samples, 'calypso_api_request_duration_seconds_count', LABELS)[0]?.value).toBe(8);
    // The hung call took the client's whole deadline: at least one observation above 0.25 s.
    const quick = series(samples, 'calypso_api_request_duration_seconds_bucket', {
      ...LABELS,
      le: '0.25',
    })[0];
    expect(quick?.value).toBe(7);
  });
});
