import type { AppSettings } from '../accounts/types';
import type { NotificationKind } from '../../common/notification-kinds';
import type { AppNotification, MonitorEvent, ProfileSnapshot } from '../monitor/types';
import { channelKey } from '../../common/channel-key';

/** Polls that must fail in a row before "unreachable" is worth interrupting the merchant. */
export const UNREACHABLE_AFTER_FAILED_POLLS = 3;

/**
 * One ongoing problem: a channel that is not healthy, or a profile whose credentials are refused
 * or whose API cannot be reached. It remembers which notifications were sent for it, so none is
 * sent twice, and "recovered" is sent only if a failure was.
 */
export interface Incident {
  profileId: string;
  startedAt: string;
  /** The tag every notification of this incident carries, so each replaces the previous one. */
  tag: string;
  sent: NotificationKind[];
}

/** Serializable; the caller keeps it between calls (and may persist it). */
export interface PolicyState {
  /** Key channelKey(profileId, requestId) for channels, `${profileId}#auth` / `${profileId}#unreachable` for profiles. */
  incidents: Record<string, Incident>;
}

export type PolicySettings = Pick<AppSettings, 'notifications' | 'snoozeAllUntil' | 'channelSnoozes'>;

export interface PolicyInput {
  /** The events of the latest update, in order (may be empty). */
  events: readonly MonitorEvent[];
  /**
   * The profiles the update shows, as in the latest snapshot (names, failure counts, channels): every
   * monitored profile, whose absence then drops the incidents of the others; or, with `partial`, only
   * the profile a poll changed, the others' incidents kept as they are until their own updates.
   */
  profiles: readonly ProfileSnapshot[];
  /** `profiles` holds only the profiles the update is about (a poll's), not every monitored one. */
  partial?: boolean;
  state: PolicyState;
  settings: PolicySettings;
  now: Date;
}

export interface PolicyDecision {
  notifications: AppNotification[];
  nextState: PolicyState;
}

export function initialPolicyState(): PolicyState {
  return { incidents: {} };
}

const FAILURE_KINDS: readonly NotificationKind[] = ['blocked', 'failing', 'auth-failed', 'unreachable'];

function isFuture(iso: string | null | undefined, now: Date): boolean {
  if (iso === null || iso === undefined) return false;
  const time = Date.parse(iso);
  return !Number.isNaN(time) && time > now.getTime();
}

/**
 * Snoozed when everything is snoozed, when the whole profile is (key `${profileId}`), or, for a
 * channel, when that channel is (key channelKey(profileId, requestId)).
 */
export function isSnoozed(
  settings: PolicySettings,
  profileId: string,
  requestId: string | null,
  now: Date,
): boolean {
  if (isFuture(settings.snoozeAllUntil, now)) return true;
  if (isFuture(settings.channelSnoozes[profileId], now)) return true;
  return requestId !== null && isFuture(settings.channelSnoozes[channelKey(profileId, requestId)], now);
}

function failures(count: number | null): string {
  if (count === null) return 'repeated failures';
  return count === 1 ? '1 failure' : `${count} failures`;
}

interface Draft {
  kind: NotificationKind;
  title: string;
  body: string;
  urgency: AppNotification['urgency'];
}

/** What a channel notification says about its channel: from an event, or from the latest snapshot. */
interface ChannelFacts {
  url: string | null;
  errorCount: number | null;
}

function channelDraft(kind: NotificationKind, channel: ChannelFacts, profileName: string): Draft {
  const url = channel.url ?? 'a webhook';
  switch (kind) {
    case 'blocked':
      return {
        kind,
        urgency: 'critical',
        title: `Webhook blocked: ${url}`,
        body:
          `${profileName}: Calypso stopped deliveries after ${failures(channel.errorCount)}. ` +
          'Fix the receiver, then unblock it in the Calypso dashboard (Developers → Webhooks); the failed webhooks are resent.',
      };
    case 'failing':
      return {
        kind,
        urgency: 'normal',
        title: `Webhook failing: ${url}`,
        body:
          `${profileName}: ${failures(channel.errorCount)} in a row. Make sure the receiver answers HTTP 200: ` +
          'Calypso blocks a webhook after more than 100 failed deliveries within 10 minutes.',
      };
    case 'disabled':
      return {
        kind,
        urgency: 'normal',
        title: `Webhook disabled: ${url}`,
        body: `${profileName}: it receives no deliveries until it is enabled again.`,
      };
    default:
      return {
        kind: 'recovered',
        urgency: 'low',
        title: `Webhook recovered: ${url}`,
        body: `${profileName}: deliveries succeed again.`,
      };
  }
}

function profileDraft(kind: NotificationKind, profile: ProfileSnapshot | undefined, name: string): Draft {
  const error = profile?.lastError?.message ?? '';
  switch (kind) {
    case 'auth-failed':
      return {
        kind,
        urgency: 'critical',
        title: `Calypso refused the credentials of ${name}`,
        body: `Monitoring of this account has stopped. Check its API key and secret in Settings.${error === '' ? '' : ` (${error})`}`,
      };
    case 'unreachable':
      return {
        kind,
        urgency: 'normal',
        title: `Calypso unreachable for ${name}`,
        body: `The last ${profile?.consecutiveFailures ?? UNREACHABLE_AFTER_FAILED_POLLS} checks failed. ${error} Webhook Tray keeps trying.`.trim(),
      };
    default:
      return {
        kind: 'recovered',
        urgency: 'low',
        title: `Calypso reachable again for ${name}`,
        body: 'Monitoring of this account is back.',
      };
  }
}

/**
 * Decides which notifications an update deserves. Pure: same input, same output.
 *
 * - `blocked` and `auth-failed`: always (once per incident);
 * - `failing`: once, when a channel starts failing (a warning);
 * - `disabled`: once, when a channel is disabled;
 * - `recovered`: only if a failure notification (blocked, failing, auth-failed, unreachable) was
 *   sent for that incident; it closes the incident;
 * - `unreachable`: only once the profile's polls failed `UNREACHABLE_AFTER_FAILED_POLLS` times in a row;
 * - nothing while snoozed (all, the profile, or the channel) or while the kind is turned off; for an
 *   ongoing state, not a passing moment, the notification held back is re-checked on every update
 *   that shows its profile (every poll of it) while the incident lasts, so it is sent once the
 *   snooze ends (or the kind is turned on), at the profile's next poll at the latest:
 *   `blocked` while the channel is still blocked, `auth-failed` while the credentials are still
 *   refused, `unreachable` while the polls still fail; `failing`, `disabled` and `recovered` are
 *   moments and are not sent late;
 * - a channel unblocked after a notified block that fails again (`failing` on that incident) starts
 *   a new incident: its `failing` and a later `blocked` are notified again, under a new tag;
 * - every notification of one incident carries the same tag, `${profileId}/${requestId}/${start}`
 *   (`auth` or `unreachable` in place of the requestId for a profile), `start` being the channel's
 *   errorFirstDate when known (stable across restarts), else the time of the first event (also when
 *   a channel failing again after an unblock still shows the errorFirstDate of the block);
 * - an incident the snapshot shows over without an event saying so (a healthy channel, a profile
 *   polled without error) is closed as if recovered: the state may come from before a restart;
 * - the incident of a channel that a successful poll no longer lists (deleted while the app was
 *   closed) is closed silently, as on `removed`.
 */
export function decideNotifications(input: PolicyInput): PolicyDecision {
  const { settings, now } = input;
  const incidents: Record<string, Incident> = {};
  const known = new Map(input.profiles.map((profile) => [profile.profileId, profile]));
  for (const [key, incident] of Object.entries(input.state.incidents)) {
    if (input.partial === true || known.has(incident.profileId)) incidents[key] = incident;
  }
  const notifications: AppNotification[] = [];

  const nameOf = (profileId: string): string => known.get(profileId)?.profileName ?? profileId;

  function open(key: string, profileId: string, tagMiddle: string, startedAt: string): Incident {
    const existing = incidents[key];
    if (existing !== undefined) return existing;
    const incident: Incident = {
      profileId,
      startedAt,
      tag: `${profileId}/${tagMiddle}/${startedAt}`,
      sent: [],
    };
    incidents[key] = incident;
    return incident;
  }

  function send(key: string, incident: Incident, draft: Draft, requestId: string | null): void {
    if (incident.sent.includes(draft.kind)) return;
    if (!settings.notifications[draft.kind]) return;
    if (isSnoozed(settings, incident.profileId, requestId, now)) return;
    incidents[key] = { ...incident, sent: [...incident.sent, draft.kind] };
    notifications.push({ ...draft, profileId: incident.profileId, requestId, tag: incident.tag });
  }

  function close(key: string, recovery: Draft | null, requestId: string | null): void {
    const incident = incidents[key];
    if (incident === undefined) return;
    if (recovery !== null && incident.sent.some((kind) => FAILURE_KINDS.includes(kind))) {
      send(key, incident, recovery, requestId);
    }
    delete incidents[key];
  }

  function channelStart(event: MonitorEvent): string {
    const view = known.get(event.profileId)?.channels.find((c) => c.requestId === event.requestId);
    return view?.errorFirstDate ?? event.at;
  }

  for (const event of input.events) {
    const profileId = event.profileId;
    const name = nameOf(profileId);
    if (event.requestId !== null) {
      const requestId = event.requestId;
      const key = channelKey(profileId, requestId);
      switch (event.type) {
        case 'failing': {
          // blocked -> failing: the merchant unblocked the channel in the dashboard, which resends
          // the failed webhooks, and they fail again. The block that was notified is over; this is a
          // new run of failures, and a new block must be notified too, under a new tag (the merchant
          // may have dismissed the old one). Closed silently: deliveries did not recover.
          const previous = incidents[key];
          const unblocked = previous?.sent.includes('blocked') === true;
          if (unblocked) delete incidents[key];
          const start = channelStart(event);
          // Calypso may keep the channel's errorFirstDate across the unblock: the new incident then
          // starts at this event, so its tag is not the old one.
          const startedAt = unblocked && start === previous.startedAt ? event.at : start;
          const incident = open(key, profileId, requestId, startedAt);
          send(key, incident, channelDraft(event.type, event, name), requestId);
          break;
        }
        case 'blocked':
        case 'disabled': {
          const incident = open(key, profileId, requestId, channelStart(event));
          send(key, incident, channelDraft(event.type, event, name), requestId);
          break;
        }
        case 'recovered':
          close(key, channelDraft('recovered', event, name), requestId);
          break;
        case 'enabled':
        case 'removed':
          close(key, null, requestId);
          break;
        default:
          break;
      }
      continue;
    }
    const authKey = `${profileId}#auth`;
    const unreachableKey = `${profileId}#unreachable`;
    const profile = known.get(profileId);
    switch (event.type) {
      case 'auth-failed': {
        close(unreachableKey, null, null);
        const incident = open(authKey, profileId, 'auth', event.at);
        send(authKey, incident, profileDraft('auth-failed', profile, name), null);
        break;
      }
      case 'unreachable':
        close(authKey, null, null);
        open(unreachableKey, profileId, 'unreachable', event.at);
        break;
      case 'reachable':
        close(authKey, profileDraft('recovered', profile, name), null);
        close(unreachableKey, profileDraft('recovered', profile, name), null);
        break;
      default:
        break;
    }
  }

  // Incidents no event of this update spoke about, but which the snapshot shows are over: what a
  // state kept across a restart holds when things got better meanwhile (the first poll after a
  // restart reports the present, not the recovery).
  const touched = new Set(
    input.events.map((e) =>
      e.requestId === null ? `${e.profileId}#` : channelKey(e.profileId, e.requestId),
    ),
  );
  for (const profile of input.profiles) {
    const profileId = profile.profileId;
    const name = profile.profileName;
    if (profile.lastPollAt !== null && profile.lastError === null && !touched.has(`${profileId}#`)) {
      close(`${profileId}#auth`, profileDraft('recovered', profile, name), null);
      close(`${profileId}#unreachable`, profileDraft('recovered', profile, name), null);
    }
    for (const view of profile.channels) {
      const key = channelKey(profileId, view.requestId);
      if (view.health === 'healthy' && !touched.has(key)) {
        close(key, channelDraft('recovered', view, name), view.requestId);
      }
    }
    // A channel the list no longer holds is gone (deleted while the app was closed, or elsewhere
    // without a poll seeing it go): its incident closes without a notification, as on `removed`.
    if (profile.lastPollAt !== null && profile.lastError === null) {
      const listed = new Set(profile.channels.map((view) => channelKey(profileId, view.requestId)));
      for (const [key, incident] of Object.entries(incidents)) {
        if (incident.profileId === profileId && key.startsWith(`${profileId}/`) && !listed.has(key)) {
          delete incidents[key];
        }
      }
    }
  }

  for (const profile of input.profiles) {
    const profileId = profile.profileId;
    const name = profile.profileName;
    const unreachableKey = `${profileId}#unreachable`;
    const unreachable = incidents[unreachableKey];
    if (unreachable !== undefined && profile.consecutiveFailures >= UNREACHABLE_AFTER_FAILED_POLLS) {
      send(unreachableKey, unreachable, profileDraft('unreachable', profile, name), null);
    }
    const authKey = `${profileId}#auth`;
    const auth = incidents[authKey];
    if (auth !== undefined && profile.lastError?.kind === 'auth') {
      send(authKey, auth, profileDraft('auth-failed', profile, name), null);
    }
    for (const view of profile.channels) {
      if (view.health !== 'blocked') continue;
      const key = channelKey(profileId, view.requestId);
      const incident = incidents[key];
      if (incident !== undefined) send(key, incident, channelDraft('blocked', view, name), view.requestId);
    }
  }

  return { notifications, nextState: { incidents } };
}
