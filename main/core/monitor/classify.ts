import type { Channel } from '../api';
import type { ErrorInfo } from '../../common/errors';
import type { ChannelHealth, ChannelView, ProfileState } from './types';

/**
 * The health of one channel. Order matters: Calypso can block a channel that the merchant had
 * also disabled, and a blocked channel keeps its errorCount, so `blocked` wins over `disabled`,
 * which wins over `failing`.
 */
export function classifyChannel(channel: Channel): ChannelHealth {
  if (channel.blockedByErrorCount) return 'blocked';
  if (!channel.enabled) return 'disabled';
  if (channel.errorCount > 0) return 'failing';
  return 'healthy';
}

/**
 * The channel as snapshots and the UI carry it: no secretKey, only its last four characters.
 * Fields are copied one by one (not `{ secretKey, ...rest }`), so nothing unknown rides along.
 */
export function toChannelView(channel: Channel): ChannelView {
  return {
    requestId: channel.requestId,
    url: channel.url,
    notificationEventTypes: channel.notificationEventTypes,
    notificationServiceTypes: channel.notificationServiceTypes,
    publicKey: channel.publicKey,
    createdDate: channel.createdDate,
    enabled: channel.enabled,
    blockedByErrorCount: channel.blockedByErrorCount,
    errorCount: channel.errorCount,
    errorFirstDate: channel.errorFirstDate,
    errorLastDate: channel.errorLastDate,
    health: classifyChannel(channel),
    secretKeyHint: channel.secretKey.slice(-4),
    predictedBlockAt: null,
    failuresPerMinute: null,
    certificateExpiresAt: null,
  };
}

export interface ProfileStateInput {
  /** Monitoring is paused by the merchant. */
  paused: boolean;
  /** The error of the latest poll, or null when it succeeded (or none ran yet). */
  lastError: ErrorInfo | null;
  /** The channels of the latest successful poll, or null when no poll has succeeded yet. */
  channels: readonly { health: ChannelHealth }[] | null;
}

/**
 * The state of one profile.
 * - `paused` first: the merchant asked for silence, and stale data should not look current.
 * - `auth-error` when the latest poll was refused for its credentials.
 * - `unreachable` when the latest poll failed for any other reason than a rate limit
 *   (network, timeout, 5xx, an unreadable answer): the channels we hold may be out of date.
 * - A rate limit keeps the state of the last channels we saw: it says nothing about them.
 * - `unknown` until a poll has succeeded.
 * - From the channels: `critical` if one is blocked or disabled, or if there is no subscription
 *   at all (the merchant receives no webhooks); `warning` if one is failing; else `ok`.
 */
export function profileStateOf(input: ProfileStateInput): ProfileState {
  if (input.paused) return 'paused';
  const kind = input.lastError?.kind;
  if (kind === 'auth') return 'auth-error';
  if (kind !== undefined && kind !== 'rate-limit') return 'unreachable';
  if (input.channels === null) return 'unknown';
  if (input.channels.length === 0) return 'critical';
  if (input.channels.some((c) => c.health === 'blocked' || c.health === 'disabled')) return 'critical';
  if (input.channels.some((c) => c.health === 'failing')) return 'warning';
  return 'ok';
}

/**
 * Severity rank of a profile state, highest worst. Problems the merchant must act on come first
 * (`critical`: webhooks are not delivered; `auth-error`: monitoring is blind until credentials are
 * fixed; `unreachable`: blind, but possibly transient), then `warning` (failing, may be blocked
 * soon), then the states that say "we do not know" (`unknown` before `paused`, since a pause is
 * the merchant's own choice), then `ok`.
 */
export const PROFILE_STATE_SEVERITY: Readonly<Record<ProfileState, number>> = {
  critical: 6,
  'auth-error': 5,
  unreachable: 4,
  warning: 3,
  unknown: 2,
  paused: 1,
  ok: 0,
};

/** The worst of several profile states (drives the tray icon); `unknown` when there are none. */
export function worstState(states: Iterable<ProfileState>): ProfileState {
  let worst: ProfileState | null = null;
  for (const state of states) {
    if (worst === null || PROFILE_STATE_SEVERITY[state] > PROFILE_STATE_SEVERITY[worst]) worst = state;
  }
  return worst ?? 'unknown';
}
