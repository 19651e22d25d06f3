import type { AppSettings } from '../accounts';
import type { NotificationKind } from '../../common/notification-kinds';
import type { AppNotification, MonitorEvent, ProfileSnapshot } from '../monitor';
import { certificateDraft } from './certificate-draft';
import {
  channelOfIncident,
  incidentKey,
  incidentTag,
  isCertificateIncidentOf,
  isChannelIncidentOf,
  type IncidentKey,
  type IncidentSubject,
} from './incident-key';
import {
  channelDraft,
  profileDraft,
  UNREACHABLE_AFTER_FAILED_POLLS,
  type Draft,
} from './notification-drafts';
import { isSnoozed } from './snoozes';

export { UNREACHABLE_AFTER_FAILED_POLLS } from './notification-drafts';

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
  /** Keyed by `incidentKey()`; plain strings here, as they are read back from disk. */
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

const FAILURE_KINDS: readonly NotificationKind[] = [
  'blocked',
  'failing',
  'auth-failed',
  'unreachable',
  'block-risk',
  'failing-long',
];

/** One run of the policy: what it knows, and the incidents and notifications it builds. */
interface Run {
  readonly settings: PolicySettings;
  readonly now: Date;
  readonly known: ReadonlyMap<string, ProfileSnapshot>;
  readonly incidents: Map<IncidentKey, Incident>;
  readonly notifications: AppNotification[];
}

/** Muted: the kind is turned off in the settings, or the channel, its profile or everything is snoozed. */
export function isMuted(
  settings: PolicySettings,
  kind: NotificationKind,
  profileId: string,
  requestId: string | null,
  now: Date,
): boolean {
  return !settings.notifications[kind] || isSnoozed(settings, profileId, requestId, now);
}

/** Step 0: the incidents carried over (all of them for a poll's update, else those of profiles still shown). */
function carriedIncidents(
  input: PolicyInput,
  known: ReadonlyMap<string, ProfileSnapshot>,
): Map<IncidentKey, Incident> {
  const kept = new Map<IncidentKey, Incident>();
  for (const [key, incident] of Object.entries(input.state.incidents)) {
    if (input.partial === true || known.has(incident.profileId)) kept.set(key as IncidentKey, incident);
  }
  return kept;
}

/** The incident under `key`, started now when there is none. */
function open(
  run: Run,
  profileId: string,
  subject: IncidentSubject,
  startedAt: string,
): [IncidentKey, Incident] {
  const key = incidentKey(profileId, subject);
  const existing = run.incidents.get(key);
  if (existing !== undefined) return [key, existing];
  const incident: Incident = {
    profileId,
    startedAt,
    tag: incidentTag(profileId, subject, startedAt),
    sent: [],
  };
  run.incidents.set(key, incident);
  return [key, incident];
}

/** Turns `draft` into a notification of the incident, unless it was sent already or is muted. */
function send(run: Run, key: IncidentKey, incident: Incident, draft: Draft, requestId: string | null): void {
  if (incident.sent.includes(draft.kind)) return;
  if (isMuted(run.settings, draft.kind, incident.profileId, requestId, run.now)) return;
  run.incidents.set(key, { ...incident, sent: [...incident.sent, draft.kind] });
  run.notifications.push({ ...draft, profileId: incident.profileId, requestId, tag: incident.tag });
}

/** Ends the incident; `recovery` is sent only if a failure of it was. */
function close(run: Run, key: IncidentKey, recovery: Draft | null, requestId: string | null): void {
  const incident = run.incidents.get(key);
  if (incident === undefined) return;
  if (recovery !== null && incident.sent.some((kind) => FAILURE_KINDS.includes(kind))) {
    send(run, key, incident, recovery, requestId);
  }
  run.incidents.delete(key);
}

const nameOf = (run: Run, profileId: string): string => run.known.get(profileId)?.profileName ?? profileId;

/** When a channel's incident starts: its errorFirstDate when the snapshot has one, else the event's time. */
function channelStart(run: Run, event: MonitorEvent): string {
  const view = run.known.get(event.profileId)?.channels.find((c) => c.requestId === event.requestId);
  return view?.errorFirstDate ?? event.at;
}

/** Step 1a: a channel event starts, continues or closes the channel's incident. */
function applyChannelEvent(run: Run, event: MonitorEvent, requestId: string): void {
  const { profileId } = event;
  const name = nameOf(run, profileId);
  const key = incidentKey(profileId, { requestId });
  switch (event.type) {
    case 'failing': {
      // blocked -> failing: the merchant unblocked the channel in the dashboard, which resends the
      // failed webhooks, and they fail again. The block that was notified is over; this is a new
      // run of failures, and a new block must be notified too, under a new tag (the merchant may
      // have dismissed the old one). Closed silently: deliveries did not recover.
      const previous = run.incidents.get(key);
      const unblocked = previous?.sent.includes('blocked') === true;
      if (unblocked) run.incidents.delete(key);
      const start = channelStart(run, event);
      // Calypso may keep the channel's errorFirstDate across the unblock: the new incident then
      // starts at this event, so its tag is not the old one.
      const startedAt = unblocked && start === previous.startedAt ? event.at : start;
      const [, incident] = open(run, profileId, { requestId }, startedAt);
      const forecast = run.known.get(profileId)?.channels.find((c) => c.requestId === requestId);
      const facts = { ...event, predictedBlockAt: forecast?.predictedBlockAt ?? null };
      send(run, key, incident, channelDraft(event.type, facts, name), requestId);
      return;
    }
    case 'block-risk':
    case 'failing-long':
    case 'blocked':
    case 'disabled': {
      const [, incident] = open(run, profileId, { requestId }, channelStart(run, event));
      send(run, key, incident, channelDraft(event.type, event, name), requestId);
      return;
    }
    case 'recovered':
      close(run, key, channelDraft('recovered', event, name), requestId);
      return;
    case 'enabled':
    case 'removed':
      close(run, key, null, requestId);
      return;
    case 'cert-expiring':
      applyCertificateEvent(run, event, requestId);
      return;
    default:
      return;
  }
}

/**
 * Step 1c: a certificate warning is its own incident per certificate and threshold, kept (persisted)
 * until the channel goes, so a restart does not announce the same threshold again; the warnings of
 * a certificate since renewed are dropped.
 */
function applyCertificateEvent(run: Run, event: MonitorEvent, requestId: string): void {
  const { profileId, expiresAt, thresholdDays } = event;
  if (expiresAt === undefined || thresholdDays === undefined) return;
  const subject = { certificateOf: requestId, expiresAt, thresholdDays };
  const key = incidentKey(profileId, subject);
  const sameCertificate = key.slice(0, key.lastIndexOf('/') + 1);
  for (const other of [...run.incidents.keys()]) {
    if (isCertificateIncidentOf(other, profileId, requestId) && !other.startsWith(sameCertificate)) {
      run.incidents.delete(other);
    }
  }
  const [, incident] = open(run, profileId, subject, event.at);
  send(run, key, incident, certificateDraft(event, nameOf(run, profileId)), requestId);
}

/** Step 1b: a profile event starts or closes the profile's auth or unreachable incident. */
function applyProfileEvent(run: Run, event: MonitorEvent): void {
  const { profileId } = event;
  const name = nameOf(run, profileId);
  const profile = run.known.get(profileId);
  const authKey = incidentKey(profileId, 'auth');
  const unreachableKey = incidentKey(profileId, 'unreachable');
  switch (event.type) {
    case 'auth-failed': {
      close(run, unreachableKey, null, null);
      const [, incident] = open(run, profileId, 'auth', event.at);
      send(run, authKey, incident, profileDraft('auth-failed', profile, name), null);
      return;
    }
    case 'unreachable':
      // Notified later, once enough polls failed in a row (step 3).
      close(run, authKey, null, null);
      open(run, profileId, 'unreachable', event.at);
      return;
    case 'reachable':
      close(run, authKey, profileDraft('recovered', profile, name), null);
      close(run, unreachableKey, profileDraft('recovered', profile, name), null);
      return;
    default:
      return;
  }
}

/**
 * Step 2: incidents no event of this update spoke about, but which the snapshot shows are over:
 * what a state kept across a restart holds when things got better meanwhile (the first poll after
 * a restart reports the present, not the recovery).
 */
function closeWhatTheSnapshotShowsOver(
  run: Run,
  profiles: readonly ProfileSnapshot[],
  events: readonly MonitorEvent[],
): void {
  const touchedProfiles = new Set(events.filter((e) => e.requestId === null).map((e) => e.profileId));
  const touchedChannels = new Set(
    events.flatMap((e) =>
      e.requestId === null ? [] : [incidentKey(e.profileId, { requestId: e.requestId })],
    ),
  );
  for (const profile of profiles) {
    const { profileId, profileName: name } = profile;
    const polledClean = profile.lastPollAt !== null && profile.lastError === null;
    if (polledClean && !touchedProfiles.has(profileId)) {
      close(run, incidentKey(profileId, 'auth'), profileDraft('recovered', profile, name), null);
      close(run, incidentKey(profileId, 'unreachable'), profileDraft('recovered', profile, name), null);
    }
    for (const view of profile.channels) {
      const key = incidentKey(profileId, { requestId: view.requestId });
      if (view.health === 'healthy' && !touchedChannels.has(key)) {
        close(run, key, channelDraft('recovered', view, name), view.requestId);
      }
    }
    // A channel the list no longer holds is gone (deleted while the app was closed, or elsewhere
    // without a poll seeing it go): its incident closes without a notification, as on `removed`.
    if (polledClean) {
      const listed = new Set<string>(
        profile.channels.map((view) => incidentKey(profileId, { requestId: view.requestId })),
      );
      for (const [key, incident] of run.incidents) {
        const channel = channelOfIncident(key);
        if (incident.profileId === profileId && isChannelIncidentOf(key, profileId) && !listed.has(channel)) {
          run.incidents.delete(key);
        }
      }
    }
  }
}

/**
 * Step 3: an ongoing state (not a passing moment) whose notification was held back (muted) or not
 * due yet (unreachable before enough failed polls) is sent once it may be.
 */
function sendWhatIsStillTrue(run: Run, profiles: readonly ProfileSnapshot[]): void {
  for (const profile of profiles) {
    const { profileId, profileName: name } = profile;
    const unreachableKey = incidentKey(profileId, 'unreachable');
    const unreachable = run.incidents.get(unreachableKey);
    if (unreachable !== undefined && profile.consecutiveFailures >= UNREACHABLE_AFTER_FAILED_POLLS) {
      send(run, unreachableKey, unreachable, profileDraft('unreachable', profile, name), null);
    }
    const authKey = incidentKey(profileId, 'auth');
    const auth = run.incidents.get(authKey);
    if (auth !== undefined && profile.lastError?.kind === 'auth') {
      send(run, authKey, auth, profileDraft('auth-failed', profile, name), null);
    }
    for (const view of profile.channels) {
      if (view.health !== 'blocked') continue;
      const key = incidentKey(profileId, { requestId: view.requestId });
      const incident = run.incidents.get(key);
      if (incident !== undefined)
        send(run, key, incident, channelDraft('blocked', view, name), view.requestId);
    }
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
 * - every notification of one incident carries the same tag (see `incidentTag`), its start being
 *   the channel's errorFirstDate when known (stable across restarts), else the time of the first
 *   event (also when a channel failing again after an unblock still shows the errorFirstDate of the
 *   block);
 * - an incident the snapshot shows over without an event saying so (a healthy channel, a profile
 *   polled without error) is closed as if recovered: the state may come from before a restart;
 * - the incident of a channel that a successful poll no longer lists (deleted while the app was
 *   closed) is closed silently, as on `removed`;
 * - `cert-expiring`: once per certificate and threshold (14, then 3 days), remembered until the
 *   channel goes, so neither a restart nor a later poll sends it again.
 */
export function decideNotifications(input: PolicyInput): PolicyDecision {
  const known = new Map(input.profiles.map((profile) => [profile.profileId, profile]));
  const run: Run = {
    settings: input.settings,
    now: input.now,
    known,
    incidents: carriedIncidents(input, known),
    notifications: [],
  };
  for (const event of input.events) {
    if (event.requestId !== null) applyChannelEvent(run, event, event.requestId);
    else applyProfileEvent(run, event);
  }
  closeWhatTheSnapshotShowsOver(run, input.profiles, input.events);
  sendWhatIsStillTrue(run, input.profiles);
  return { notifications: run.notifications, nextState: { incidents: Object.fromEntries(run.incidents) } };
}
