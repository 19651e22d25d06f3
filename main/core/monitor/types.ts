import type { Channel } from '../api';
import type { ErrorInfo } from '../../common/errors';
import type { NotificationKind } from '../../common/notification-kinds';

export type ChannelHealth = 'healthy' | 'failing' | 'blocked' | 'disabled';

export type ProfileState =
  'ok' | 'warning' | 'critical' | 'auth-error' | 'unreachable' | 'unknown' | 'paused';

/**
 * A channel as snapshots carry it: everything but the secretKey, which crosses to the UI only
 * through an explicit reveal. `secretKeyHint` is its last four characters.
 */
export type ChannelView = Omit<Channel, 'secretKey'> & {
  health: ChannelHealth;
  secretKeyHint: string;
  /** When a failing channel will meet the blocking rule at its current rate; null when not within 30 minutes. */
  predictedBlockAt: string | null;
  /** The failing channel's current failure rate, once there is enough evidence for one. */
  failuresPerMinute: number | null;
  /** When the https receiver's certificate expires, as last checked; null when not https or not checked yet. */
  certificateExpiresAt: string | null;
};

export interface ProfileSnapshot {
  profileId: string;
  profileName: string;
  state: ProfileState;
  lastPollAt: string | null;
  nextPollAt: string | null;
  lastError: ErrorInfo | null;
  /**
   * Failed polls in a row that say the API cannot be reached (network, timeout, 5xx, unreadable
   * answer). A 429 neither adds to it nor resets it.
   */
  consecutiveFailures: number;
  channels: ChannelView[];
}

export interface MonitorSnapshot {
  takenAt: string;
  /** The worst state over all profiles; drives the tray icon. */
  worst: ProfileState;
  pausedUntil: string | null;
  profiles: ProfileSnapshot[];
}

export const EVENT_TYPES = [
  'added',
  'removed',
  'failing',
  'blocked',
  'recovered',
  'disabled',
  'enabled',
  'url-changed',
  'keys-regenerated',
  'auth-failed',
  'unreachable',
  'reachable',
  'block-risk',
  'failing-long',
  'cert-expiring',
] as const;

export type MonitorEventType = (typeof EVENT_TYPES)[number];

export interface MonitorEvent {
  id: string;
  type: MonitorEventType;
  at: string;
  profileId: string;
  /** Null for profile-level events (auth-failed, unreachable, reachable). */
  requestId: string | null;
  url: string | null;
  errorCount: number | null;
  /** A short human sentence, e.g. "https://x.example/hook: 12 failed deliveries since 10:42". */
  message: string;
  /** For url-changed: the previous URL. For auth-failed / unreachable: the error. */
  previousUrl?: string;
  error?: ErrorInfo;
  /** For block-risk: when the blocking rule will be met, and the failure rate that says so. */
  predictedBlockAt?: string;
  failuresPerMinute?: number | null;
  /** For failing-long: when Calypso starts dropping this run's events (its first one's last retry). */
  eventLossAt?: string;
  /** For cert-expiring: when the receiver's certificate expires, and the warning threshold (days) it crossed. */
  expiresAt?: string;
  thresholdDays?: number;
}

export interface AppNotification {
  kind: NotificationKind;
  title: string;
  body: string;
  urgency: 'critical' | 'normal' | 'low';
  profileId: string;
  requestId: string | null;
  /** One tag per incident, so a repeat replaces instead of stacking. */
  tag: string;
}

/** One point of a channel's history. */
export interface HistoryPoint {
  at: string;
  errorCount: number;
  health: ChannelHealth;
}

export interface ChannelHistory {
  points: HistoryPoint[];
  events: MonitorEvent[];
}

/** What the monitor hands its listeners after every change: the events of that change and the new state. */
export interface MonitorUpdate {
  /** The profile this update is about, or null for monitor-wide changes (pause, resume, targets). */
  profileId: string | null;
  events: readonly MonitorEvent[];
  /** That profile as it is after the change (null with `profileId`): all a poll changes. */
  profile: ProfileSnapshot | null;
  /** The whole picture as it is when read, built on first read: prefer `profile` when it is enough. */
  readonly snapshot: MonitorSnapshot;
}
