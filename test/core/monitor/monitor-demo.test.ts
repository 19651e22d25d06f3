/**
 * The demo as `watch` meets it: a monitor started together with a demo sandbox that delivers on its
 * own timer. Real HTTP, real timers, the sandbox's own blocking rule.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCalypsoClient } from '../../../main/core/api';
import { createMonitor, type Monitor } from '../../../main/core/monitor/monitor';
import type { MonitorEvent } from '../../../main/core/monitor/types';
import { DEMO_REQUEST_IDS } from '../../../main/core/sandbox/demo-seed';
import { sandboxForTest } from '../../support/sandbox';
import { waitFor } from '../../support/wait-for';

let monitor: Monitor | null = null;

afterEach(() => {
  monitor?.stop();
  monitor = null;
});

describe('the demo sandbox', () => {
  it('is seen failing by the very first poll, then blocked', async () => {
    // Deliveries every 100 ms: the demo's failing run reaches the block in a couple of seconds.
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: 100 });
    const client = createCalypsoClient(
      { baseUrl: sandbox.url, ...sandbox.credentials },
      { maxListRetries: 0, timeoutMs: 5000 },
    );
    const created = createMonitor({
      targets: [{ profileId: 'demo', profileName: 'Demo', client }],
      normalIntervalMs: 500,
      fastIntervalMs: 200,
    });
    monitor = created;
    const events: MonitorEvent[] = [];
    created.onEvent((event) => events.push(event));

    const first = await created.checkNow('demo');
    const payouts = first.profiles[0]?.channels.find((c) => c.requestId === DEMO_REQUEST_IDS.payouts);
    expect(payouts).toMatchObject({ health: 'failing', blockedByErrorCount: false });
    expect(payouts?.errorCount).toBeGreaterThan(0);
    // The demo fails fast enough for a block-risk warning under Calypso's rule: left out here.
    const payoutEvents = () =>
      events.filter((e) => e.requestId === DEMO_REQUEST_IDS.payouts && e.type !== 'block-risk');
    expect(payoutEvents().map((e) => e.type)).toEqual(['failing']);

    created.start();
    await waitFor('blocked', () => payoutEvents().find((e) => e.type === 'blocked'));
    expect(payoutEvents().map((e) => e.type)).toEqual(['failing', 'blocked']);
  }, 30_000);
});
