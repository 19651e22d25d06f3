import type { AppSettings } from '../accounts';
import { AppError } from '../../common/errors';
import { channelKey } from '../../common/channel-key';

/** The settings a snooze lives in: one end for everything, and one per profile or channel. */
export type SnoozeSettings = Pick<AppSettings, 'snoozeAllUntil' | 'channelSnoozes'>;

/**
 * The furthest ahead a snooze may end. The window offers 1 and 8 hours; the cap leaves room for a
 * longer choice later while refusing what only a buggy or compromised renderer would send.
 */
export const MAX_SNOOZE_MS = 30 * 24 * 3_600_000;

function isFuture(iso: string | null | undefined, now: Date): boolean {
  if (iso === null || iso === undefined) return false;
  const time = Date.parse(iso);
  return !Number.isNaN(time) && time > now.getTime();
}

/** The key of a profile's snooze (`profileId`) or of one channel's (channelKey(profileId, requestId)). */
export function snoozeKey(profileId: string, requestId: string | null): string {
  return requestId === null ? profileId : channelKey(profileId, requestId);
}

/** The profile id a snooze key (`profileId` or `profileId/requestId`) belongs to. */
export function snoozeProfileId(key: string): string {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash);
}

/**
 * Snoozed when everything is snoozed, when the whole profile is (key `${profileId}`), or, for a
 * channel, when that channel is (key channelKey(profileId, requestId)).
 */
export function isSnoozed(
  settings: SnoozeSettings,
  profileId: string,
  requestId: string | null,
  now: Date,
): boolean {
  if (isFuture(settings.snoozeAllUntil, now)) return true;
  if (isFuture(settings.channelSnoozes[snoozeKey(profileId, null)], now)) return true;
  return requestId !== null && isFuture(settings.channelSnoozes[snoozeKey(profileId, requestId)], now);
}

/** The earliest snooze (all, a profile, a channel) still running at `now`, in ms since the epoch; null if none. */
export function nextSnoozeEnd(settings: SnoozeSettings, now: Date): number | null {
  let earliest: number | null = null;
  for (const iso of [settings.snoozeAllUntil, ...Object.values(settings.channelSnoozes)]) {
    if (!isFuture(iso, now)) continue;
    const time = Date.parse(iso as string);
    if (earliest === null || time < earliest) earliest = time;
  }
  return earliest;
}

/** A snooze asked for: everything, a profile, or one channel of a profile; `until: null` clears it. */
export interface SnoozeRequest {
  profileId?: string | undefined;
  requestId?: string | undefined;
  until: string | null;
}

/** What a snooze is checked against. */
export interface SnoozeContext {
  settings: SnoozeSettings;
  now: Date;
  /** The profiles the app knows (the sandbox demo's included): others' snoozes are dropped. */
  profileIds: ReadonlySet<string>;
  /** Throws the app's `not-found` error for a profile it does not know. */
  requireProfile(profileId: string): void;
  /** Whether the profile shows this channel (the monitor's snapshot: no API call, works offline). */
  hasChannel(profileId: string, requestId: string): boolean;
}

/**
 * The snoozes worth keeping: still running, for an account that still exists. Each write drops
 * the rest, so settings.json does not grow with ended snoozes and removed accounts.
 */
export function liveSnoozes(
  snoozes: Readonly<Record<string, string>>,
  profileIds: ReadonlySet<string>,
  now: Date,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(snoozes).filter(
      ([key, until]) => isFuture(until, now) && profileIds.has(snoozeProfileId(key)),
    ),
  );
}

function assertSnoozeEnd(until: string, now: Date): void {
  const end = Date.parse(until);
  const at = now.getTime();
  if (Number.isNaN(end) || end <= at || end > at + MAX_SNOOZE_MS) {
    throw new AppError(
      'validation',
      'Choose when alerts come back: a time in the future, at most 30 days from now.',
    );
  }
}

/** Refuses a snooze for an account or webhook the app does not know: it would never be used. */
function assertSnoozable(context: SnoozeContext, profileId: string, requestId: string | undefined): void {
  context.requireProfile(profileId);
  if (requestId === undefined || context.hasChannel(profileId, requestId)) return;
  throw new AppError(
    'not-found',
    "This webhook is not among the account's known webhooks: it may have been deleted. Refresh the list.",
  );
}

/**
 * The settings change that applies `request`, with ended and orphaned snoozes dropped; throws a
 * validation or not-found AppError (and changes nothing) for a snooze that would never be used or
 * would silence alerts for good.
 */
export function planSnooze(request: SnoozeRequest, context: SnoozeContext): Partial<SnoozeSettings> {
  const { profileId, requestId, until } = request;
  if (profileId === undefined && requestId !== undefined) {
    throw new AppError('validation', 'To snooze one webhook, name its account too.');
  }
  // null clears a snooze; a time must be a real end, not one that writes a dead entry.
  if (until !== null) assertSnoozeEnd(until, context.now);
  const channelSnoozes = liveSnoozes(context.settings.channelSnoozes, context.profileIds, context.now);
  if (profileId === undefined) return { snoozeAllUntil: until, channelSnoozes };
  const key = snoozeKey(profileId, requestId ?? null);
  // Clearing skips the account check: it only removes, and Settings lists (and offers to clear) a
  // removed account's snooze until a write prunes it.
  if (until === null) delete channelSnoozes[key];
  else {
    assertSnoozable(context, profileId, requestId);
    channelSnoozes[key] = until;
  }
  const { snoozeAllUntil } = context.settings;
  const expiredAll = snoozeAllUntil !== null && !isFuture(snoozeAllUntil, context.now);
  return { channelSnoozes, ...(expiredAll ? { snoozeAllUntil: null } : {}) };
}
