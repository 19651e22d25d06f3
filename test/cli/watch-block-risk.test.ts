/**
 * `watch --json` warns block-risk once per failure run: the built CLI against a sandbox whose
 * deliveries to a failing receiver run at a known rate, over real HTTP.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorEvent } from '../../main/core/monitor/types';
import { startSandbox, type RunningSandbox } from '../../main/core/sandbox';
import { waitFor } from '../support/wait-for';
import { isolatedConfigDir, requireBuiltCli, spawnCli } from './cli-harness';

/** One delivery every 300 ms: 200 failures a minute, blocked after 101 of them (about 30 s). */
const DELIVERY_MS = 300;

let sandbox: RunningSandbox | null = null;
let child: ChildProcess | null = null;

beforeAll(requireBuiltCli);

afterEach(async () => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  await sandbox?.close();
  sandbox = null;
});

describe('watch --json block-risk', () => {
  it('emits block-risk once, in the envelope of every event, with predictedBlockAt and failuresPerMinute', async () => {
    sandbox = await startSandbox({ deliveryIntervalMs: DELIVERY_MS });
    const running = sandbox;
    const added = running.control.addSubscription({ url: running.control.receiverUrl('fail') });
    await waitFor(
      'a few failed deliveries',
      () => (running.control.subscriptions()[0]?.errorCount ?? 0) >= 4,
    );

    child = spawnCli(['watch', '--json', '--interval', '1', '--fast-interval', '1'], {
      env: {
        WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir(),
        WEBHOOK_TRAY_BASE_URL: running.url,
        WEBHOOK_TRAY_ACCOUNT: running.credentials.account,
        WEBHOOK_TRAY_API_KEY: running.credentials.apiKey,
        WEBHOOK_TRAY_API_SECRET: running.credentials.apiSecret,
      },
    });
    const events: MonitorEvent[] = [];
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') events.push(JSON.parse(line) as MonitorEvent);
    });
    const risk = await waitFor('block-risk', () => events.find((e) => e.type === 'block-risk'));
    const pollsAtRisk = running.control.requests().filter((r) => r.path.startsWith('/api/')).length;
    // More polls of the same run, still failing fast: no second warning.
    await waitFor(
      'three more polls',
      () => running.control.requests().filter((r) => r.path.startsWith('/api/')).length >= pollsAtRisk + 3,
    );
    expect(events.filter((e) => e.type === 'block-risk')).toHaveLength(1);

    expect(Object.keys(risk).sort()).toEqual(
      [
        'id',
        'type',
        'at',
        'profile',
        'requestId',
        'url',
        'errorCount',
        'message',
        'predictedBlockAt',
        'failuresPerMinute',
      ].sort(),
    );
    expect(risk).toMatchObject({ requestId: added.requestId, url: added.url });
    expect(risk.message).toContain('Calypso will block this webhook in');
    const lead = Date.parse(risk.predictedBlockAt ?? '') - Date.parse(risk.at);
    // At 200 a minute, 101 failures take 30 s from the first: well within 10 minutes.
    expect(lead).toBeGreaterThanOrEqual(0);
    expect(lead).toBeLessThanOrEqual(30_000);
    // Timers are not exact: the rate is near 200 a minute, far above the 10 a minute that never blocks.
    expect(risk.failuresPerMinute).toBeGreaterThan(100);
    expect(risk.failuresPerMinute).toBeLessThan(260);
  }, 30_000);
});
