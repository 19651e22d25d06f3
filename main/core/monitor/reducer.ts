import type { ListUpdate } from '../api';
import type { AppError, ErrorInfo } from '../../common/errors';
import { diffObservations, observeChannels, type ProfileObservation } from './diff';
import { expireForecasts, forecastChannels, initialForecastMemory, type ForecastMemory } from './forecasts';
import type { ChannelView, MonitorEvent } from './types';

/** How one list call ended, and when it started (the schedule counts from the start). */
export type PollOutcome =
  { ok: true; update: ListUpdate; startedAt: number } | { ok: false; error: AppError; startedAt: number };

/** What the monitor knows of one profile from its polls. Each poll makes a new one. */
export interface PollState {
  observation: ProfileObservation;
  /** The views of `observation.channels` in list order, as snapshots carry them. */
  channels: ChannelView[];
  /** The client's token for the list behind `observation.channels`; null asks for the whole list. */
  listToken: string | null;
  lastPollAt: number | null;
  lastStartAt: number | null;
  lastError: ErrorInfo | null;
  /** Network, timeout and server failures in a row: a 429 says nothing about reachability. */
  consecutiveFailures: number;
  /** The failing channels' recent polls and the warnings already given, for the block forecast. */
  forecasts: ForecastMemory;
}

export interface PollResult {
  state: PollState;
  /** What changed for the merchant, in the order the diff gives. */
  events: MonitorEvent[];
}

/** A profile never polled. */
export function initialPollState(profileId: string): PollState {
  return {
    observation: { profileId, status: 'none', error: null, channels: null },
    channels: [],
    listToken: null,
    lastPollAt: null,
    lastStartAt: null,
    lastError: null,
    consecutiveFailures: 0,
    forecasts: initialForecastMemory(),
  };
}

/** The same profile after its credentials changed: a token belongs to the client that made it. */
export function withNewCredentials(state: PollState): PollState {
  return { ...state, listToken: null, consecutiveFailures: 0 };
}

/** Whether a channel of the profile is failing (it is then polled on the fast interval). */
export function hasFailingChannel(state: PollState): boolean {
  return state.channels.some((view) => view.health === 'failing');
}

/** The state after the poll that ended at `at` with `outcome`, and the events between the two. */
export function reducePoll(state: PollState, outcome: PollOutcome, at: number): PollResult {
  let next: PollState;
  let warnings: MonitorEvent[] = [];
  if (outcome.ok) ({ state: next, warnings } = afterAnswer(state, outcome.update, at));
  else next = afterFailure(state, outcome.error);
  next.lastPollAt = at;
  next.lastStartAt = outcome.startedAt;
  return {
    state: next,
    events: [
      ...diffObservations(state.observation, next.observation, new Date(at).toISOString()),
      ...warnings,
    ],
  };
}

function afterAnswer(
  state: PollState,
  update: ListUpdate,
  at: number,
): { state: PollState; warnings: MonitorEvent[] } {
  const prev = state.observation;
  let { channels, listToken, forecasts } = state;
  let observed = prev.channels;
  let warnings: MonitorEvent[] = [];
  if (update.changed) {
    const forecast = forecastChannels(
      forecasts,
      observeChannels(update.channels),
      prev.profileId,
      at,
      update.blockRule,
    );
    observed = forecast.channels;
    forecasts = forecast.memory;
    warnings = forecast.events;
    channels = Array.from(observed.values(), (channel) => channel.view);
    listToken = update.token;
  } else if (observed === null) {
    // "Unchanged" means nothing without a list seen before: ask for the whole list next time.
    listToken = null;
  } else {
    const current = expireForecasts(observed, at);
    if (current !== observed) {
      observed = current;
      channels = Array.from(observed.values(), (channel) => channel.view);
    }
  }
  return {
    state: {
      ...state,
      observation: { profileId: prev.profileId, status: 'ok', error: null, channels: observed },
      channels,
      listToken,
      lastError: null,
      consecutiveFailures: 0,
      forecasts,
    },
    warnings,
  };
}

function afterFailure(state: PollState, error: AppError): PollState {
  const info = error.toInfo();
  const prev = state.observation;
  switch (info.kind) {
    case 'auth':
      return {
        ...state,
        observation: { ...prev, status: 'auth-error', error: info },
        lastError: info,
        consecutiveFailures: 0,
      };
    case 'rate-limit':
      // The server answered: neither the channels nor reachability are any different.
      return { ...state, observation: { ...prev, error: info }, lastError: info };
    default:
      return {
        ...state,
        observation: { ...prev, status: 'unreachable', error: info },
        lastError: info,
        consecutiveFailures: state.consecutiveFailures + 1,
      };
  }
}
