/** The app's own actions on a webhook that the activity log keeps (enabled and disabled are kept, never a cause). */
export const ACTIVITY_ACTIONS = ['keys-regenerated', 'url-changed', 'enabled', 'disabled'] as const;

export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** The profile id of actions the CLI took with credentials from the environment (no saved profile). */
export const ENVIRONMENT_PROFILE_ID = 'environment';

/**
 * One action this app took, from the window (or tray) or from the CLI. Never a secret, not even a
 * key hint: the file is read by whichever process comes next.
 */
export interface ActivityEntry {
  at: string;
  /** The profile's id, or ENVIRONMENT_PROFILE_ID for the CLI on environment credentials. */
  profileId: string;
  /** The Calypso account id, so environment entries still name the account they were for. */
  account: string;
  /**
   * The API's host (api.calypso.finance): one account id may exist on both of Calypso's hosts, so an
   * environment entry concerns a profile only on the same host. Absent in entries written before it.
   */
  apiHost?: string;
  /** Null for an account-wide action: Calypso regenerates the keys of every subscription at once. */
  requestId: string | null;
  action: ActivityAction;
  /** Which process of this app made the change. */
  by: 'app' | 'cli';
  /** For url-changed: the URL before, when the process knew it (the CLI does not). */
  previousUrl?: string;
  /** For url-changed: the new URL. */
  url?: string;
}

/** What an action is about: one webhook of one account (account-wide entries included). */
export interface ActivityTarget {
  profileId: string;
  account: string;
  /** The host of the profile's API base URL (see ActivityEntry.apiHost). */
  apiHost: string;
  requestId: string;
}

/** The host part of an API base URL, as ActivityEntry.apiHost keeps it; '' for one that does not parse. */
export function apiHostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return '';
  }
}

/** The change that most likely made a webhook start failing: the newest within 30 minutes before. */
export interface CauseLink {
  change: 'keys' | 'url';
  /** True when this app (window, tray or CLI) made the change; false when only polling saw it. */
  madeHere: boolean;
  changedAt: string;
  failuresBeganAt: string;
  previousUrl?: string;
  url?: string;
  /** The sentence the merchant reads in the failing notification and on the channel screen. */
  sentence: string;
}

/** What the channel screen shows about the app's own actions on a webhook. */
export interface ChannelActivity {
  /** Newest first. */
  entries: ActivityEntry[];
  /** Only while the webhook is failing or blocked, and only when a change explains it. */
  cause: CauseLink | null;
}
