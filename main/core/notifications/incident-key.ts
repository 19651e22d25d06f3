import { channelKey } from '../../common/channel-key';

/** The problems a whole profile can have, beside its channels' own. */
export type ProfileProblem = 'auth' | 'unreachable';

/** One warning threshold of one certificate of a channel's receiver (a renewed certificate is another). */
export interface CertificateSubject {
  certificateOf: string;
  expiresAt: string;
  thresholdDays: number;
}

/** What an incident is about: one channel, a problem of the whole profile, or a channel's certificate. */
export type IncidentSubject = { requestId: string } | ProfileProblem | CertificateSubject;

declare const incidentKeyBrand: unique symbol;

/**
 * The key of one incident in the policy's state: `channelKey(profileId, requestId)` for a channel,
 * `${profileId}#auth` or `${profileId}#unreachable` for a profile, and for a certificate warning
 * `${channelKey}#certificate/${expiresAt}/${thresholdDays}` (the forms policy-state.json holds).
 * Branded so that only `incidentKey` makes one.
 */
export type IncidentKey = string & { readonly [incidentKeyBrand]: true };

export function incidentKey(profileId: string, subject: IncidentSubject): IncidentKey {
  if (typeof subject === 'string') return `${profileId}#${subject}` as IncidentKey;
  if ('certificateOf' in subject) {
    const { certificateOf, expiresAt, thresholdDays } = subject;
    return `${channelKey(profileId, certificateOf)}#certificate/${expiresAt}/${thresholdDays}` as IncidentKey;
  }
  return channelKey(profileId, subject.requestId) as IncidentKey;
}

/** The channel key an incident of a channel (or of its certificate) belongs to. */
export function channelOfIncident(key: string): string {
  const hash = key.indexOf('#certificate/');
  return hash === -1 ? key : key.slice(0, hash);
}

/** Whether `key` is an incident of a certificate of this channel. */
export function isCertificateIncidentOf(key: string, profileId: string, requestId: string): boolean {
  return key.startsWith(`${channelKey(profileId, requestId)}#certificate/`);
}

/** Whether `key` is the incident of one of `profileId`'s channels (not a profile problem). */
export function isChannelIncidentOf(key: string, profileId: string): boolean {
  return key.startsWith(channelKey(profileId, ''));
}

/**
 * The tag every notification of one incident carries, so each replaces the previous one:
 * `${profileId}/${requestId}/${start}`, `auth` or `unreachable` in place of the requestId, and
 * `${profileId}/${requestId}/certificate/${expiresAt}` for a certificate's warnings.
 */
export function incidentTag(profileId: string, subject: IncidentSubject, startedAt: string): string {
  if (typeof subject !== 'string' && 'certificateOf' in subject) {
    // Both thresholds of one certificate share a tag: the 3-day warning replaces the 14-day one.
    return `${profileId}/${subject.certificateOf}/certificate/${subject.expiresAt}`;
  }
  const middle = typeof subject === 'string' ? subject : subject.requestId;
  return `${profileId}/${middle}/${startedAt}`;
}
