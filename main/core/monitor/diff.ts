import { hash } from 'node:crypto';
import type { Channel } from '../api';
import type { ErrorInfo } from '../../common/errors';
import { toChannelView } from './classify';
import type { ChannelHealth, ChannelView, MonitorEvent, MonitorEventType } from './types';

/**
 * A channel as the monitor remembers it between polls. The secretKey itself is never kept: only a
 * SHA-256 fingerprint, enough to notice that the keys were regenerated.
 */
export interface ObservedChannel {
  view: ChannelView;
  secretFingerprint: string;
}

/**
 * How the latest poll of a profile ended. A rate limit does not change it: a 429 says nothing about
 * the channels nor about the credentials.
 */
export type PollStatus = 'none' | 'ok' | 'auth-error' | 'unreachable';

/** What the diff compares: one profile as seen after a poll. */
export interface ProfileObservation {
  profileId: string;
  status: PollStatus;
  /** The error of the latest failed poll, carried into auth-failed / unreachable events. */
  error: ErrorInfo | null;
  /** The channels of the latest successful list, by requestId; null before the first one. */
  channels: ReadonlyMap<string, ObservedChannel> | null;
}

/** SHA-256 of a webhook secret, hex: compared across polls, never shown. */
export function fingerprintSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** Indexes a fresh list by requestId, dropping the secrets. */
export function observeChannels(channels: readonly Channel[]): Map<string, ObservedChannel> {
  const observed = new Map<string, ObservedChannel>();
  for (const channel of channels) {
    observed.set(channel.requestId, {
      view: toChannelView(channel),
      secretFingerprint: fingerprintSecret(channel.secretKey),
    });
  }
  return observed;
}

/**
 * The health events for a channel whose health went from `from` to `to` (`null` = not seen before):
 *
 * | from \ to  | healthy   | failing           | blocked | disabled |
 * |------------|-----------|-------------------|---------|----------|
 * | (new)      | -         | failing           | blocked | disabled |
 * | healthy    | -         | failing           | blocked | disabled |
 * | failing    | recovered | -                 | blocked | disabled |
 * | blocked    | recovered | failing           | -       | disabled |
 * | disabled   | enabled   | enabled, failing  | blocked | -        |
 *
 * blocked -> failing happens when the merchant unblocks in the dashboard and the resent webhooks
 * still fail: a new failing incident. A channel first seen in a bad state (first poll, or added
 * while failing) reports that state, so a blocked webhook is never silent because it was already
 * blocked when monitoring started.
 */
export function healthTransitionEvents(from: ChannelHealth | null, to: ChannelHealth): MonitorEventType[] {
  if (from === to) return [];
  switch (to) {
    case 'healthy':
      if (from === 'failing' || from === 'blocked') return ['recovered'];
      if (from === 'disabled') return ['enabled'];
      return [];
    case 'failing':
      return from === 'disabled' ? ['enabled', 'failing'] : ['failing'];
    case 'blocked':
      return ['blocked'];
    case 'disabled':
      return ['disabled'];
  }
}

function formatTime(iso: string | null): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function failures(count: number): string {
  return count === 1 ? '1 failed delivery' : `${count} failed deliveries`;
}

function channelMessage(type: MonitorEventType, view: ChannelView, previousUrl?: string): string {
  const since = formatTime(view.errorFirstDate);
  switch (type) {
    case 'added':
      return `${view.url}: new subscription`;
    case 'removed':
      return `${view.url}: subscription deleted`;
    case 'failing':
      return `${view.url}: ${failures(view.errorCount)}${since === null ? '' : ` since ${since}`}`;
    case 'blocked':
      return `${view.url}: blocked by Calypso after ${failures(view.errorCount)}`;
    case 'recovered':
      return `${view.url}: deliveries succeed again`;
    case 'disabled':
      return `${view.url}: disabled, receives no deliveries`;
    case 'enabled':
      return `${view.url}: enabled again`;
    case 'url-changed':
      return `${previousUrl ?? '?'} -> ${view.url}: URL changed`;
    case 'keys-regenerated':
      return `${view.url}: signing keys regenerated, update the receiver's secret`;
    default:
      return view.url;
  }
}

function channelEvent(
  type: MonitorEventType,
  profileId: string,
  view: ChannelView,
  at: string,
  previousUrl?: string,
): MonitorEvent {
  const event: MonitorEvent = {
    id: `${profileId}/${view.requestId}/${type}/${at}`,
    type,
    at,
    profileId,
    requestId: view.requestId,
    url: view.url,
    errorCount: view.errorCount,
    message: channelMessage(type, view, previousUrl),
  };
  if (previousUrl !== undefined) event.previousUrl = previousUrl;
  return event;
}

function profileEvent(
  type: MonitorEventType,
  profileId: string,
  at: string,
  error: ErrorInfo | null,
): MonitorEvent {
  const message =
    type === 'auth-failed'
      ? `Calypso refused the credentials: ${error?.message ?? 'authentication failed'}`
      : type === 'unreachable'
        ? `The check failed: ${error?.message ?? 'no answer from Calypso'}`
        : 'Calypso answers again';
  const event: MonitorEvent = {
    id: `${profileId}/-/${type}/${at}`,
    type,
    at,
    profileId,
    requestId: null,
    url: null,
    errorCount: null,
    message,
  };
  if (error !== null && type !== 'reachable') event.error = error;
  return event;
}

/**
 * Profile-level transitions of the poll status:
 * - into `auth-error` from anything else: `auth-failed`;
 * - into `unreachable` from anything else: `unreachable`;
 * - into `ok` from `auth-error` or `unreachable`: `reachable` (the channels can be read again).
 */
function statusEvents(prev: PollStatus, next: PollStatus): MonitorEventType[] {
  if (prev === next) return [];
  if (next === 'auth-error') return ['auth-failed'];
  if (next === 'unreachable') return ['unreachable'];
  if (next === 'ok' && (prev === 'auth-error' || prev === 'unreachable')) return ['reachable'];
  return [];
}

/**
 * The events between two observations of one profile, in a stable order: profile-level events
 * first, then per channel (in the order of the new list) added, url-changed, keys-regenerated and
 * its health transition, then removed channels. Pure: ids are derived from profile, channel, type
 * and time, so one poll never yields two events with the same id.
 */
export function diffObservations(
  prev: ProfileObservation | null,
  next: ProfileObservation,
  at: string,
): MonitorEvent[] {
  const events: MonitorEvent[] = [];
  const profileId = next.profileId;
  for (const type of statusEvents(prev?.status ?? 'none', next.status)) {
    events.push(profileEvent(type, profileId, at, next.error));
  }

  const before = prev?.channels ?? null;
  const after = next.channels;
  if (after === null || before === after) return events;

  for (const [requestId, current] of after) {
    const view = current.view;
    const old = before?.get(requestId);
    if (old === undefined) {
      // On the first list every channel is new to us, but none was "added": report bad states only.
      if (before !== null) events.push(channelEvent('added', profileId, view, at));
      for (const type of healthTransitionEvents(null, view.health)) {
        events.push(channelEvent(type, profileId, view, at));
      }
      continue;
    }
    if (old.view.url !== view.url)
      events.push(channelEvent('url-changed', profileId, view, at, old.view.url));
    if (old.view.publicKey !== view.publicKey || old.secretFingerprint !== current.secretFingerprint) {
      events.push(channelEvent('keys-regenerated', profileId, view, at));
    }
    for (const type of healthTransitionEvents(old.view.health, view.health)) {
      events.push(channelEvent(type, profileId, view, at));
    }
  }
  if (before !== null) {
    for (const [requestId, old] of before) {
      if (!after.has(requestId)) events.push(channelEvent('removed', profileId, old.view, at));
    }
  }
  return events;
}
