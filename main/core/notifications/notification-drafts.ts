import type { NotificationKind } from '../../common/notification-kinds';
import type { AppNotification, ProfileSnapshot } from '../monitor/types';

/** Polls that must fail in a row before "unreachable" is worth interrupting the merchant. */
export const UNREACHABLE_AFTER_FAILED_POLLS = 3;

function failures(count: number | null): string {
  if (count === null) return 'repeated failures';
  return count === 1 ? '1 failure' : `${count} failures`;
}

/** A notification before it is tied to its incident (profile, channel, tag). */
export interface Draft {
  kind: NotificationKind;
  title: string;
  body: string;
  urgency: AppNotification['urgency'];
}

/** What a channel notification says about its channel: from an event, or from the latest snapshot. */
export interface ChannelFacts {
  url: string | null;
  errorCount: number | null;
}

/** What a channel notification of `kind` says. */
export function channelDraft(kind: NotificationKind, channel: ChannelFacts, profileName: string): Draft {
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

/** What a profile notification of `kind` (auth-failed, unreachable, recovered) says. */
export function profileDraft(
  kind: NotificationKind,
  profile: ProfileSnapshot | undefined,
  name: string,
): Draft {
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
