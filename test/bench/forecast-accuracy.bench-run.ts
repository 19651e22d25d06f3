/**
 * Block forecast accuracy: one subscription per rate fails at a steady rate (first deliveries only,
 * driven through the sandbox's deliver-now control; no retries) under Calypso's rule (blocked after
 * more than 100 failures within 10 minutes, time scale 1), watched by a real monitor with the app's
 * fast interval. Records the first `failing` detection, the first forecast and its value, the first
 * block-risk alert, and the sandbox's own block time. Each rate has its own in-process sandbox, so
 * every deliver-now round is exactly one failed attempt of that subscription; the rates run in parallel.
 * BENCH_FORECAST_RATES=200 (comma-separated failures per minute) runs a quicker variant.
 */
import { afterAll, it } from 'vitest';
import { createCalypsoClient } from '../../main/core/api';
import { createMonitor, type Monitor, type MonitorEvent, type MonitorUpdate } from '../../main/core/monitor';
import { CALYPSO_THRESHOLDS, startSandbox, type RunningSandbox } from '../../main/core/sandbox';
import { benchAccounts } from './support/bench-accounts';
import { printTable, saveResult } from './support/report';
import { fixed } from './support/stats';

const RATES = (process.env['BENCH_FORECAST_RATES'] ?? '20,60,200')
  .split(',')
  .map((text) => Number(text.trim()))
  .filter((rate) => Number.isFinite(rate) && rate > 0);
const FAST_MS = 15_000;
// As `watch --interval 15 --fast-interval 15`: at 200/min the rule is met within two normal polls of the app.
const NORMAL_MS = 15_000;
/** Beyond the time the slowest rate needs to meet the rule: two fast polls and some slack. */
const SLACK_MS = 90_000;
const TARGET_ERROR = 0.25;

interface Trial {
  rate: number;
  profileId: string;
  sandbox: RunningSandbox;
  requestId: string;
  driver: ReturnType<typeof setInterval> | null;
  drivingFrom: number;
  failingAt?: number;
  forecastAt?: number;
  forecastValue?: number;
  alertAt?: number;
  blockedEventAt?: number;
}

const trials: Trial[] = [];
let monitor: Monitor | null = null;

afterAll(async () => {
  monitor?.stop();
  for (const trial of trials) if (trial.driver !== null) clearInterval(trial.driver);
  await Promise.all(trials.map((trial) => trial.sandbox.close()));
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The sandbox's own record of the attempt that blocked the subscription, as epoch ms. */
function blockMoment(trial: Trial): number | null {
  const attempt = trial.sandbox.control
    .deliveries()
    .find((a) => a.requestId === trial.requestId && a.blocked);
  return attempt === undefined ? null : Date.parse(attempt.attemptedAt);
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : fixed(ms / 1000, 1);
}

async function startTrial(rate: number, index: number): Promise<Trial> {
  const credentials = benchAccounts(RATES.length, 'forecast')[index]!;
  const sandbox = await startSandbox({ credentials, deliveryIntervalMs: null });
  const subscription = sandbox.control.addSubscription({
    url: sandbox.control.receiverUrl('fail'),
    account: credentials.account,
    notificationServiceTypes: ['INVOICE'],
  });
  return {
    rate,
    profileId: `rate-${rate}`,
    sandbox,
    requestId: subscription.requestId,
    driver: null,
    drivingFrom: 0,
  };
}

function record(update: MonitorUpdate, byProfile: Map<string, Trial>, at: number): void {
  const trial = update.profileId === null ? undefined : byProfile.get(update.profileId);
  if (trial === undefined || trial.forecastAt !== undefined || update.profile === null) return;
  const view = update.profile.channels.find((channel) => channel.requestId === trial.requestId);
  if (view?.predictedBlockAt == null) return;
  trial.forecastAt = at;
  trial.forecastValue = Date.parse(view.predictedBlockAt);
}

function recordEvent(event: MonitorEvent, byProfile: Map<string, Trial>, at: number): void {
  const trial = byProfile.get(event.profileId);
  if (trial === undefined || event.requestId !== trial.requestId) return;
  if (event.type === 'failing') trial.failingAt ??= at;
  if (event.type === 'block-risk') trial.alertAt ??= at;
  if (event.type === 'blocked') trial.blockedEventAt ??= at;
}

it(
  'forecast accuracy: first forecast vs the sandbox block, per failure rate',
  async () => {
    if (RATES.length === 0) throw new Error('BENCH_FORECAST_RATES: give failures per minute, e.g. 20,60,200');
    trials.push(...(await Promise.all(RATES.map((rate, index) => startTrial(rate, index)))));
    const byProfile = new Map(trials.map((trial) => [trial.profileId, trial]));
    const created = createMonitor({
      normalIntervalMs: NORMAL_MS,
      fastIntervalMs: FAST_MS,
      targets: trials.map((trial) => ({
        profileId: trial.profileId,
        profileName: trial.profileId,
        client: createCalypsoClient({ baseUrl: trial.sandbox.url, ...trial.sandbox.credentials }),
      })),
    });
    monitor = created;
    created.subscribe((update) => record(update, byProfile, Date.now()));
    created.onEvent((event) => recordEvent(event, byProfile, Date.now()));
    created.start();
    await sleep(1000);

    for (const trial of trials) {
      trial.drivingFrom = Date.now();
      // One failed first delivery per tick: the steady rate under test.
      trial.driver = setInterval(() => void trial.sandbox.control.deliverNow(), 60_000 / trial.rate);
    }
    const slowest = Math.min(...RATES);
    const deadline = Date.now() + ((CALYPSO_THRESHOLDS.blockAfter + 1) / slowest) * 60_000 + SLACK_MS;
    while (Date.now() < deadline) {
      for (const trial of trials) {
        if (trial.driver !== null && blockMoment(trial) !== null) {
          clearInterval(trial.driver);
          trial.driver = null;
        }
      }
      if (trials.every((trial) => trial.driver === null && trial.blockedEventAt !== undefined)) break;
      await sleep(250);
    }
    created.stop();

    const rows = [];
    const figures = [];
    const missing: string[] = [];
    for (const trial of trials) {
      const blockedAt = blockMoment(trial);
      if (blockedAt === null) missing.push(`${trial.rate}/min: the sandbox never blocked`);
      if (trial.failingAt === undefined) missing.push(`${trial.rate}/min: no failing event`);
      if (trial.forecastAt === undefined) missing.push(`${trial.rate}/min: no forecast`);
      if (blockedAt === null || trial.failingAt === undefined || trial.forecastAt === undefined) continue;
      const predicted = trial.forecastValue!;
      // Relative to the time the forecast looked ahead: a forecast made at t for block B, actual A.
      const error = (predicted - blockedAt) / (blockedAt - trial.forecastAt);
      const afterFailingMs = trial.forecastAt - trial.failingAt;
      const leadMs = trial.alertAt === undefined ? undefined : blockedAt - trial.alertAt;
      rows.push([
        trial.rate,
        seconds(trial.failingAt - trial.drivingFrom),
        seconds(afterFailingMs),
        afterFailingMs <= FAST_MS ? 'met' : 'MISSED',
        seconds(trial.forecastAt - trial.drivingFrom),
        seconds(predicted - trial.drivingFrom),
        seconds(blockedAt - trial.drivingFrom),
        `${fixed(error * 100, 1)}%`,
        Math.abs(error) <= TARGET_ERROR ? 'met' : 'MISSED',
        seconds(leadMs),
      ]);
      figures.push({
        rate: trial.rate,
        failingAfterMs: trial.failingAt - trial.drivingFrom,
        forecastAfterFailingMs: afterFailingMs,
        forecastAfterMs: trial.forecastAt - trial.drivingFrom,
        predictedBlockAfterMs: predicted - trial.drivingFrom,
        blockedAfterMs: blockedAt - trial.drivingFrom,
        error,
        leadMs: leadMs ?? null,
      });
    }
    printTable(
      `Block forecast accuracy: Calypso's rule, time scale 1, fast interval ${FAST_MS / 1000} s; seconds from the first failure (targets: forecast within one fast interval of 'failing', error within ±${TARGET_ERROR * 100}%)`,
      [
        'failures/min',
        'failing at',
        'forecast after failing',
        'target',
        'forecast at',
        'forecast says',
        'blocked at',
        'error',
        'target',
        'lead time (block - first alert)',
      ],
      rows,
    );
    saveResult('forecast-accuracy', {
      fastIntervalMs: FAST_MS,
      normalIntervalMs: NORMAL_MS,
      trials: figures,
    });
    if (missing.length > 0) throw new Error(`forecast accuracy: ${missing.join('; ')}`);
  },
  15 * 60_000,
);
