import { channelKey } from '../../common/channel-key';

/** The problems a whole profile can have, beside its channels' own. */
export type ProfileProblem = 'auth' | 'unreachable';

/** What an incident is about: one channel, or a problem of the whole profile. */
export type IncidentSubject = { requestId: string } | ProfileProblem;

declare const incidentKeyBrand: unique symbol;

/**
 * The key of one incident in the policy's state: `channelKey(profileId, requestId)` for a channel,
 * `${profileId}#auth` or `${profileId}#unreachable` for a profile (the forms policy-state.json holds).
 * Branded so that only `incidentKey` makes one.
 */
export type IncidentKey = string & { readonly [incidentKeyBrand]: true };

export function incidentKey(profileId: string, subject: IncidentSubject): IncidentKey {
  const key =
    typeof subject === 'string' ? `${profileId}#${subject}` : channelKey(profileId, subject.requestId);
  return key as IncidentKey;
}

/** Whether `key` is the incident of one of `profileId`'s channels (not a profile problem). */
export function isChannelIncidentOf(key: string, profileId: string): boolean {
  return key.startsWith(channelKey(profileId, ''));
}

/**
 * The tag every notification of one incident carries, so each replaces the previous one:
 * `${profileId}/${requestId}/${start}`, `auth` or `unreachable` in place of the requestId.
 */
export function incidentTag(profileId: string, subject: IncidentSubject, startedAt: string): string {
  const middle = typeof subject === 'string' ? subject : subject.requestId;
  return `${profileId}/${middle}/${startedAt}`;
}
