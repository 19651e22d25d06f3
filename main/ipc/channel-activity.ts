import { apiHostOf, causeFor, type ActivityAction, type ChannelActivity } from '../core/activity';
import type { AppServices } from '../core/app-services';
import type { ChannelView } from './contract';

/** Entries the channel screen lists: the latest few are what explains a failure. */
const SHOWN_ENTRIES = 20;

function seen(services: AppServices, profileId: string, requestId: string): ChannelView | undefined {
  return services.monitor
    .getSnapshot()
    .profiles.find((p) => p.profileId === profileId)
    ?.channels.find((c) => c.requestId === requestId);
}

/**
 * Notes the time before a regeneration is sent, and returns what records it once it succeeded: the
 * next poll then sees the new keys after the entry, as the echo of this change (main/core/activity).
 */
export function beforeRegenerate(services: AppServices, profileId: string, now: () => Date): () => void {
  const at = now().toISOString();
  const { account, baseUrl } = services.requireProfile(profileId).profile;
  return () => {
    services.activity.record({
      at,
      profileId,
      account,
      apiHost: apiHostOf(baseUrl),
      requestId: null,
      action: 'keys-regenerated',
      by: 'app',
    });
  };
}

/**
 * Notes the webhook as the monitor last saw it before a change is sent, and returns what records
 * the change once it succeeded: a new URL, or enabled/disabled, when it differs from what was seen.
 */
export function beforeChange(
  services: AppServices,
  profileId: string,
  requestId: string,
  edit: { url?: string | undefined; enabled?: boolean | undefined },
  now: () => Date,
): () => void {
  const at = now().toISOString();
  const before = seen(services, profileId, requestId);
  const { account, baseUrl } = services.requireProfile(profileId).profile;
  return () => {
    const base = { at, profileId, account, apiHost: apiHostOf(baseUrl), requestId, by: 'app' as const };
    if (edit.url !== undefined && edit.url !== before?.url) {
      const previousUrl = before === undefined ? {} : { previousUrl: before.url };
      services.activity.record({ ...base, action: 'url-changed', ...previousUrl, url: edit.url });
    }
    if (edit.enabled !== undefined && edit.enabled !== before?.enabled) {
      const action: ActivityAction = edit.enabled ? 'enabled' : 'disabled';
      services.activity.record({ ...base, action });
    }
  };
}

/**
 * The app's own recent actions on a webhook, and while it fails (or is blocked) the change that most
 * likely caused it. Nothing secret: the log holds none.
 */
export async function channelActivity(
  services: AppServices,
  profileId: string,
  requestId: string,
): Promise<ChannelActivity> {
  const { account, baseUrl } = services.requireProfile(profileId).profile;
  const entries = await services.activity.entriesFor({
    profileId,
    requestId,
    account,
    apiHost: apiHostOf(baseUrl),
  });
  const channel = seen(services, profileId, requestId);
  const failing = channel?.health === 'failing' || channel?.health === 'blocked';
  const cause = failing
    ? causeFor(channel.errorFirstDate, entries, services.history.channelHistory(profileId, requestId).events)
    : null;
  return { entries: entries.slice(0, SHOWN_ENTRIES), cause };
}
