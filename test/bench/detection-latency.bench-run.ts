/**
 * Detection latency: from the moment the sandbox blocks a subscription (its own record of
 * the blocking failure, errorLastDate) to the monitor's `blocked` event, with a fast interval of 2 s.
 * Each trial is a profile of its own whose receiver starts failing at a random moment; the sandbox
 * delivers often and blocks after a few dozen failures, so every block lands while its profile is
 * already on the fast lane (a failing channel), as it does with Calypso's 100 failures in 10 minutes.
 * Real HTTP, real timers; the sandbox runs in its own process, on the same clock.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { createCalypsoClient } from '../../main/core/api';
import { createMonitor, type Monitor } from '../../main/core/monitor/monitor';
import type { MonitorEvent } from '../../main/core/monitor/types';
import { benchAccounts } from './support/bench-accounts';
import { printTable, saveResult } from './support/report';
import { startSandboxProcess, type SandboxProcess } from './support/sandbox-process';
import { fixed, max, median } from './support/stats';

const TRIALS = 20;
const FAST_MS = 2000;
const NORMAL_MS = 4000;
const DELIVERY_INTERVAL_MS = 250;
/** Blocked after more than 40 failures: about 10 s of failing, at least two fast polls before the block. */
const BLOCK_AFTER = 40;
const TARGET_WORST = 1.1;

let sandbox: SandboxProcess;
let monitor: Monitor | null = null;

beforeAll(async () => {
  const accounts = benchAccounts(TRIALS, 'latency');
  sandbox = await startSandboxProcess({
    credentials: accounts[0]!,
    extraAccounts: accounts.slice(1),
    blockAfter: BLOCK_AFTER,
    blockWindowMs: 60_000,
    deliveryIntervalMs: DELIVERY_INTERVAL_MS,
    deliveryTimeoutMs: 1000,
  });
});

afterAll(async () => {
  monitor?.stop();
  await sandbox?.close();
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

it('detection latency: block -> blocked event', async () => {
  const trials = await Promise.all(
    sandbox.accounts.map(async (account, index) => {
      const receiver = `trial-${index}`;
      const subscription = await sandbox.addSubscription({
        account: account.account,
        url: sandbox.switchUrl(receiver),
        notificationServiceTypes: ['INVOICE'],
      });
      return { profileId: `trial-${index}`, receiver, requestId: subscription.requestId, account };
    }),
  );
  const blockedAt = new Map<string, number>();
  const failingAt = new Map<string, number>();
  const created = createMonitor({
    normalIntervalMs: NORMAL_MS,
    fastIntervalMs: FAST_MS,
    targets: trials.map((trial) => ({
      profileId: trial.profileId,
      profileName: trial.profileId,
      client: createCalypsoClient({ baseUrl: sandbox.url, ...trial.account }),
    })),
  });
  monitor = created;
  created.onEvent((event: MonitorEvent) => {
    const at = Date.now();
    if (event.requestId === null) return;
    if (event.type === 'blocked' && !blockedAt.has(event.requestId)) blockedAt.set(event.requestId, at);
    if (event.type === 'failing' && !failingAt.has(event.requestId)) failingAt.set(event.requestId, at);
  });
  created.start();
  await sleep(500);
  // Each receiver starts failing at its own random moment within one fast interval.
  await Promise.all(
    trials.map(async (trial) => {
      await sleep(Math.random() * FAST_MS);
      await sandbox.setReceiver(trial.receiver, 'fail');
    }),
  );
  const deadline = Date.now() + 60_000;
  while (blockedAt.size < TRIALS && Date.now() < deadline) await sleep(100);
  created.stop();
  if (blockedAt.size < TRIALS)
    throw new Error(`detection latency: ${blockedAt.size}/${TRIALS} blocked events`);

  const state = new Map((await sandbox.subscriptions()).map((s) => [s.requestId, s]));
  const latencies: number[] = [];
  let blockedBeforeFastLane = 0;
  for (const trial of trials) {
    const stored = state.get(trial.requestId);
    if (stored?.blockedByErrorCount !== true || stored.errorLastDate === null) {
      throw new Error(`detection latency: ${trial.requestId} is not blocked in the sandbox`);
    }
    const blockMoment = Date.parse(stored.errorLastDate);
    const failing = failingAt.get(trial.requestId);
    if (failing === undefined || failing > blockMoment) blockedBeforeFastLane += 1;
    latencies.push(blockedAt.get(trial.requestId)! - blockMoment);
  }
  const fractions = latencies.map((ms) => ms / FAST_MS);
  const worst = max(fractions);
  printTable(
    `Detection latency: sandbox block -> monitor 'blocked' event, ${TRIALS} trials, fast interval ${FAST_MS / 1000} s (target worst <= ${TARGET_WORST} intervals)`,
    ['median ms', 'worst ms', 'median / interval', 'worst / interval', 'target', 'blocks before fast lane'],
    [
      [
        fixed(median(latencies), 0),
        fixed(max(latencies), 0),
        fixed(median(fractions), 2),
        fixed(worst, 2),
        worst <= TARGET_WORST ? 'met' : 'MISSED',
        blockedBeforeFastLane,
      ],
    ],
  );
  saveResult('detection-latency', { fastIntervalMs: FAST_MS, latenciesMs: latencies, blockedBeforeFastLane });
});
