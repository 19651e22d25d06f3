import { causeFor, type ActivityEntry } from '../activity';
import type { AppNotification, MonitorSnapshot } from '../monitor';
import type { History } from './history';

/** The app's own actions on a webhook, as the activity log keeps them (main/core/activity). */
export interface ActivityReader {
  entriesFor(profileId: string, requestId: string): Promise<ActivityEntry[]>;
}

/**
 * The cause sentence of a failing notification: the key or URL change, made here or seen by
 * polling, in the 30 minutes before the failures began; null when there is none or it cannot be read.
 */
export async function failingCause(
  notification: AppNotification,
  snapshot: MonitorSnapshot,
  history: History,
  activity: ActivityReader,
): Promise<string | null> {
  const { profileId, requestId } = notification;
  if (requestId === null) return null;
  const channel = snapshot.profiles
    .find((p) => p.profileId === profileId)
    ?.channels.find((c) => c.requestId === requestId);
  if (channel === undefined) return null;
  try {
    const entries = await activity.entriesFor(profileId, requestId);
    const polled = history.channelHistory(profileId, requestId).events;
    return causeFor(channel.errorFirstDate, entries, polled)?.sentence ?? null;
  } catch {
    return null;
  }
}
