import type { NotificationKind } from '../../common/notification-kinds';
import { describeForecast, describeRule, CALYPSO_BLOCK_RULE, type BlockRule } from '../forecast';
import type { AppNotification, ProfileSnapshot } from '../monitor';

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
  /** The block forecast, when there is one; the event's time is its "now". */
  predictedBlockAt?: string | null | undefined;
  failuresPerMinute?: number | null | undefined;
  /** For failing-long: when Calypso starts dropping the run's events. */
  eventLossAt?: string | undefined;
  at?: string | undefined;
  /** The blocking rule in force for the channel's account (default Calypso's). */
  rule?: BlockRule | undefined;
}

function forecastSentence(channel: ChannelFacts): string {
  if (channel.predictedBlockAt == null) return '';
  const now = channel.at === undefined ? Date.now() : Date.parse(channel.at);
  return ` ${describeForecast(channel.predictedBlockAt, now)}.`;
}

function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
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
          `${profileName}: ${failures(channel.errorCount)} in a row.${forecastSentence(channel)} Make sure the receiver answers HTTP 200: ` +
          `Calypso blocks a webhook after ${describeRule(channel.rule ?? CALYPSO_BLOCK_RULE)}.`,
      };
    case 'block-risk':
      return {
        kind,
        urgency: 'critical',
        title: `Webhook about to be blocked: ${url}`,
        body:
          `${profileName}:${forecastSentence(channel)} Fix the receiver now: ` +
          'once blocked, only the Calypso dashboard can unblock it.',
      };
    case 'failing-long':
      return {
        kind,
        urgency: 'critical',
        title: `Webhook failing for over 24 hours: ${url}`,
        body:
          `${profileName}: Calypso drops each event after its 19th retry, so events will be lost from about ` +
          `${channel.eventLossAt === undefined ? 'the 91st hour' : utcMinute(channel.eventLossAt)} on. Fix the receiver.`,
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
