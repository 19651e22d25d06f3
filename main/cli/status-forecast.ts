import type { Channel } from '../core/api';
import {
  describeForecast,
  describeRule,
  eventLossAt,
  forecastBlock,
  isLongFailure,
  type BlockRule,
} from '../core/forecast';

/** A forecast this close makes `status` CRITICAL: the merchant has minutes to fix the receiver. */
export const CRITICAL_LEAD_MS = 10 * 60_000;

export interface StatusForecast {
  predictedBlockAt: string | null;
  failuresPerMinute: number | null;
  /** When the run, failing for over 24 hours, starts losing events; null otherwise. */
  eventLossAt: string | null;
  /** What the detail line adds, or '' when there is nothing to say. */
  note: string;
  critical: boolean;
}

const NONE: StatusForecast = {
  predictedBlockAt: null,
  failuresPerMinute: null,
  eventLossAt: null,
  note: '',
  critical: false,
};

function rate(perMinute: number): string {
  return `${Math.round(perMinute * 10) / 10} failures a minute`;
}

/**
 * The one-shot forecast of a failing channel from a single list (errorCount over its dates), and
 * the escalation of a run failing for more than 24 hours.
 */
export function statusForecast(
  channel: Channel,
  failing: boolean,
  rule: BlockRule,
  now: number,
): StatusForecast {
  if (!failing) return NONE;
  const observation = { at: now, ...channel };
  const forecast = forecastBlock([observation], rule, now);
  const long = isLongFailure(channel.errorFirstDate, now);
  const lossAt = long ? eventLossAt(channel.errorFirstDate) : null;
  const notes: string[] = [];
  let critical = false;
  if (forecast.predictedBlockAt !== null) {
    notes.push(describeForecast(forecast.predictedBlockAt, now));
    critical = Date.parse(forecast.predictedBlockAt) - now <= CRITICAL_LEAD_MS;
  } else if (forecast.reason === 'rate-too-low' && forecast.failuresPerMinute !== null) {
    notes.push(`at ${rate(forecast.failuresPerMinute)} Calypso never blocks it (${describeRule(rule)})`);
  } else if (forecast.reason === 'not-enough-evidence' && forecast.evidenceNeeded !== undefined) {
    notes.push(`no block forecast before ${forecast.evidenceNeeded.failures} failures`);
  }
  if (lossAt !== null) {
    critical = true;
    notes.push(
      `failing for over 24 hours: events are lost from about ${lossAt.slice(0, 16).replace('T', ' ')} UTC on`,
    );
  }
  return {
    predictedBlockAt: forecast.predictedBlockAt,
    failuresPerMinute: forecast.failuresPerMinute,
    eventLossAt: lossAt,
    note: notes.join('; '),
    critical,
  };
}
