/**
 * The built CLI's `status` forecasts blocks from one list against the sandbox over real HTTP: the
 * channel's errorCount and dates are set directly, the sandbox delivering nothing meanwhile.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../main/core/sandbox';
import { json, requireBuiltCli, runCli, sandboxEnv } from './cli-harness';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(() => {
  requireBuiltCli();
});

// A sandbox per test: `status` reads every channel of the account.
beforeEach(async () => {
  sandbox = await startSandbox({ deliveryIntervalMs: null });
  env = sandboxEnv(sandbox);
});

afterEach(async () => {
  await sandbox.close();
});

/** Calypso's dates carry no time zone. */
const calypsoDate = (ms: number) => new Date(ms).toISOString().slice(0, -1);

/** One failing channel: `count` failures, the first `sinceMs` ago, `gapMs` apart. */
function failing(count: number, sinceMs: number, gapMs: number) {
  const first = sandbox.control.now() - sinceMs;
  const added = sandbox.control.addSubscription({
    url: sandbox.control.receiverUrl('fail'),
    errorCount: count,
    errorFirstDate: calypsoDate(first),
    errorLastDate: calypsoDate(first + (count - 1) * gapMs),
  });
  return { requestId: added.requestId, first };
}

interface StatusDoc {
  state: string;
  channels: {
    requestId: string;
    predictedBlockAt: string | null;
    failuresPerMinute: number | null;
    eventLossAt: string | null;
  }[];
}

describe('status forecasts blocks', () => {
  it('20 failures a minute for a minute: CRITICAL, blocked about 4 minutes from now', async () => {
    const { requestId, first } = failing(21, MINUTE, 3 * SECOND);
    const result = await runCli(['status'], { env });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout.split('\n')[0]).toMatch(/^WEBHOOK CRITICAL - 0 blocked, 1 failing/);
    expect(result.stdout).toContain(
      `[${requestId}] - Calypso will block this webhook in about 4 minutes at the current failure rate`,
    );
    const doc = json<StatusDoc>(await runCli(['status', '--json'], { env }));
    const channel = doc.channels.find((c) => c.requestId === requestId);
    // The 101st failure, 100 gaps of 3 s after the first.
    expect(Date.parse(channel?.predictedBlockAt ?? '')).toBe(first + 300 * SECOND);
    expect(channel?.failuresPerMinute).toBeCloseTo(20, 6);
    expect(doc.state).toBe('critical');
  });

  it('10 failures a minute for 20 minutes: WARNING, and it says the rule is never met', async () => {
    const { requestId } = failing(201, 20 * MINUTE, 6 * SECOND);
    const result = await runCli(['status'], { env });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(
      `[${requestId}] - at 10 failures a minute Calypso never blocks it (more than 100 failed deliveries within 10 minutes)`,
    );
    const doc = json<StatusDoc>(await runCli(['status', '--json'], { env }));
    expect(doc.channels[0]).toMatchObject({
      predictedBlockAt: null,
      failuresPerMinute: 10,
      eventLossAt: null,
    });
  });

  it('a run failing for over 24 hours: CRITICAL, with the time events start being lost', async () => {
    const { requestId, first } = failing(13, 25 * HOUR, 2 * HOUR);
    const result = await runCli(['status'], { env });
    expect(result.code, result.stderr).toBe(2);
    // The 19 retry gaps add up to 91 h 12 min 30 s.
    const lossAt = new Date(first + 328_350 * SECOND).toISOString();
    expect(result.stdout).toContain(
      `failing for over 24 hours: events are lost from about ${lossAt.slice(0, 16).replace('T', ' ')} UTC on`,
    );
    const doc = json<StatusDoc>(await runCli(['status', '--json'], { env }));
    expect(doc.channels.find((c) => c.requestId === requestId)).toMatchObject({
      eventLossAt: lossAt,
      predictedBlockAt: null,
    });
  });
});
