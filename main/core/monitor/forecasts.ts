import {
  CALYPSO_BLOCK_RULE,
  describeForecast,
  eventLossAt,
  forecastBlock,
  isLongFailure,
  type BlockRule,
  type FailureObservation,
} from '../forecast';
import type { ObservedChannel } from './diff';
import type { ChannelView, MonitorEvent, MonitorEventType } from './types';

/** A forecast this close or closer warns the merchant (block-risk). */
export const BLOCK_RISK_LEAD_MS = 10 * 60_000;
/** Polls kept per failing channel: enough for a rate over the rule's window at the fast interval. */
const MAX_OBSERVATIONS = 30;

/** What the monitor remembers of a profile's failing channels between polls. */
export interface ForecastMemory {
  rule: BlockRule;
  /** Per requestId, the polls of its current failure run, oldest first. */
  observations: ReadonlyMap<string, readonly FailureObservation[]>;
  /** Per requestId, the errorFirstDate of the run already warned about, per warning. */
  warned: ReadonlyMap<string, Readonly<Partial<Record<'block-risk' | 'failing-long', string>>>>;
}

export function initialForecastMemory(): ForecastMemory {
  return { rule: CALYPSO_BLOCK_RULE, observations: new Map(), warned: new Map() };
}

export interface ForecastResult {
  memory: ForecastMemory;
  channels: Map<string, ObservedChannel>;
  events: MonitorEvent[];
}

function observationOf(view: ChannelView, at: number): FailureObservation {
  return {
    at,
    errorCount: view.errorCount,
    errorFirstDate: view.errorFirstDate,
    errorLastDate: view.errorLastDate,
  };
}

/** The run's polls with this one added: only those of the same run, recent enough to tell its rate. */
function withObservation(
  kept: readonly FailureObservation[] | undefined,
  next: FailureObservation,
  windowMs: number,
): FailureObservation[] {
  const same = (kept ?? []).filter(
    (old) => old.errorFirstDate === next.errorFirstDate && next.at - old.at <= windowMs,
  );
  return [...same, next].slice(-MAX_OBSERVATIONS);
}

function warningEvent(
  type: MonitorEventType,
  profileId: string,
  view: ChannelView,
  at: string,
  message: string,
): MonitorEvent {
  return {
    id: `${profileId}/${view.requestId}/${type}/${at}`,
    type,
    at,
    profileId,
    requestId: view.requestId,
    url: view.url,
    errorCount: view.errorCount,
    message,
  };
}

/**
 * Adds the block forecast to each failing channel of a fresh list, and the warnings due: block-risk
 * when a forecast first falls within BLOCK_RISK_LEAD_MS, failing-long when a run passes 24 hours;
 * each once per failure run (a run is named by its errorFirstDate).
 */
export function forecastChannels(
  memory: ForecastMemory,
  channels: ReadonlyMap<string, ObservedChannel>,
  profileId: string,
  at: number,
  rule: BlockRule = memory.rule,
): ForecastResult {
  const observations = new Map<string, readonly FailureObservation[]>();
  const warned = new Map<string, Partial<Record<'block-risk' | 'failing-long', string>>>();
  const next = new Map<string, ObservedChannel>();
  const events: MonitorEvent[] = [];
  const atIso = new Date(at).toISOString();
  for (const [requestId, observed] of channels) {
    const view = observed.view;
    if (view.health !== 'failing' || view.errorFirstDate === null) {
      next.set(requestId, observed);
      continue;
    }
    const run = view.errorFirstDate;
    const polls = withObservation(memory.observations.get(requestId), observationOf(view, at), rule.windowMs);
    observations.set(requestId, polls);
    const forecast = forecastBlock(polls, rule, at);
    const forecastView: ChannelView = {
      ...view,
      predictedBlockAt: forecast.predictedBlockAt,
      failuresPerMinute: forecast.failuresPerMinute,
    };
    next.set(requestId, { ...observed, view: forecastView });

    const done = { ...memory.warned.get(requestId) };
    for (const key of ['block-risk', 'failing-long'] as const) if (done[key] !== run) delete done[key];
    const predicted = forecast.predictedBlockAt;
    if (
      predicted !== null &&
      Date.parse(predicted) - at <= BLOCK_RISK_LEAD_MS &&
      done['block-risk'] !== run
    ) {
      done['block-risk'] = run;
      const message = `${view.url}: ${describeForecast(predicted, at)}`;
      events.push({
        ...warningEvent('block-risk', profileId, forecastView, atIso, message),
        predictedBlockAt: predicted,
        failuresPerMinute: forecast.failuresPerMinute,
      });
    }
    const lossAt = eventLossAt(run);
    if (lossAt !== null && isLongFailure(run, at) && done['failing-long'] !== run) {
      done['failing-long'] = run;
      const message = `${view.url}: failing for more than 24 hours; events will be lost from ${lossAt.slice(0, 16).replace('T', ' ')} UTC on`;
      events.push({
        ...warningEvent('failing-long', profileId, forecastView, atIso, message),
        eventLossAt: lossAt,
      });
    }
    if (Object.keys(done).length > 0) warned.set(requestId, done);
  }
  return { memory: { rule, observations, warned }, channels: next, events };
}

/**
 * An unchanged list past a forecast block time: the failures the rate promised did not come, so the
 * forecast is dropped rather than shown as overdue. The same map when no forecast expired.
 */
export function expireForecasts(
  channels: ReadonlyMap<string, ObservedChannel>,
  at: number,
): ReadonlyMap<string, ObservedChannel> {
  const overdue = (observed: ObservedChannel) =>
    observed.view.predictedBlockAt !== null && Date.parse(observed.view.predictedBlockAt) < at;
  if (![...channels.values()].some(overdue)) return channels;
  const next = new Map<string, ObservedChannel>();
  for (const [requestId, observed] of channels) {
    next.set(
      requestId,
      overdue(observed) ? { ...observed, view: { ...observed.view, predictedBlockAt: null } } : observed,
    );
  }
  return next;
}
