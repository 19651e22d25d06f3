import { failuresThatBlock, type BlockRule } from '../../common/block-rule';
import { parseUtcMs } from './utc-date';

/** One poll of a failing channel: what the list said, and when it was read. */
export interface FailureObservation {
  /** Epoch ms of the poll. */
  at: number;
  errorCount: number;
  errorFirstDate: string | null;
  errorLastDate: string | null;
}

export type ForecastReason = 'not-enough-evidence' | 'rate-too-low' | 'beyond-horizon' | 'forecast';

export interface BlockForecast {
  predictedBlockAt: string | null;
  failuresPerMinute: number | null;
  reason: ForecastReason;
  /** With not-enough-evidence: the failures, spread over time, that a first estimate needs. */
  evidenceNeeded?: { failures: number; currentFailures: number };
}

/** A rate is an estimate only over at least this many failures (two gaps between them). */
export const MIN_FAILURES_FOR_RATE = 3;
/** No forecast further out than this: the rate will have changed by then. */
export const FORECAST_HORIZON_MS = 30 * 60_000;

interface Rate {
  perMs: number;
}

/**
 * The run's rate from one list: n failures between errorFirstDate and errorLastDate are n - 1 gaps.
 */
function singleListRate(observation: FailureObservation): Rate | null {
  const first = parseUtcMs(observation.errorFirstDate);
  const last = parseUtcMs(observation.errorLastDate);
  if (first === null || last === null || observation.errorCount < MIN_FAILURES_FOR_RATE) return null;
  const span = last - first;
  if (span <= 0) return null;
  return { perMs: (observation.errorCount - 1) / span };
}

/**
 * The recent rate from successive polls of the same run (same errorFirstDate): the failures added
 * between the oldest poll within the rule's window and the newest, over the time their last dates moved.
 */
function successiveRate(observations: readonly FailureObservation[], windowMs: number): Rate | null {
  const newest = observations.at(-1);
  if (newest === undefined) return null;
  const newestLast = parseUtcMs(newest.errorLastDate);
  if (newestLast === null) return null;
  for (const older of observations) {
    if (older === newest) break;
    if (older.errorFirstDate !== newest.errorFirstDate || newest.at - older.at > windowMs) continue;
    const olderLast = parseUtcMs(older.errorLastDate);
    const added = newest.errorCount - older.errorCount;
    if (olderLast === null || added < MIN_FAILURES_FOR_RATE - 1 || newestLast <= olderLast) continue;
    return { perMs: added / (newestLast - olderLast) };
  }
  return null;
}

function notEnough(current: number): BlockForecast {
  return {
    predictedBlockAt: null,
    failuresPerMinute: null,
    reason: 'not-enough-evidence',
    evidenceNeeded: { failures: MIN_FAILURES_FOR_RATE, currentFailures: current },
  };
}

/**
 * When the rule will be met if the channel keeps failing at its current rate. Observations are one
 * channel's polls, oldest first; the newest is the channel as it is. Assumes the failures of the run
 * so far that fall within the window are min(errorCount, rate x window), and that the rate holds.
 */
export function forecastBlock(
  observations: readonly FailureObservation[],
  rule: BlockRule,
  now: number,
): BlockForecast {
  const newest = observations.at(-1);
  if (newest === undefined || newest.errorCount === 0) return notEnough(0);
  const rate = successiveRate(observations, rule.windowMs) ?? singleListRate(newest);
  if (rate === null) return notEnough(newest.errorCount);
  const failuresPerMinute = rate.perMs * 60_000;
  const threshold = failuresThatBlock(rule);
  // A steady run keeps at most rate x window failures within the window.
  if (rate.perMs * rule.windowMs < threshold) {
    return { predictedBlockAt: null, failuresPerMinute, reason: 'rate-too-low' };
  }
  const inWindow = Math.min(newest.errorCount, rate.perMs * rule.windowMs);
  const last = parseUtcMs(newest.errorLastDate) ?? now;
  const blockAt = Math.max(now, last + Math.max(0, threshold - inWindow) / rate.perMs);
  if (blockAt - now > FORECAST_HORIZON_MS) {
    return { predictedBlockAt: null, failuresPerMinute, reason: 'beyond-horizon' };
  }
  return { predictedBlockAt: new Date(blockAt).toISOString(), failuresPerMinute, reason: 'forecast' };
}
