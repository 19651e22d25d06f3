import { DEFAULT_INTERVALS_SEC } from '../../common/intervals';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationKind } from '../../common/notification-kinds';
/** A merchant account as the app knows it. Its API secret is never here: it lives in the OS keychain. */
export interface Profile {
  /** A unique slug, also the keychain account name. */
  id: string;
  name: string;
  baseUrl: string;
  account: string;
  apiKey: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewProfile {
  name: string;
  baseUrl: string;
  account: string;
  apiKey: string;
}

/** Where API secrets live. The only implementation is the OS keychain; there is no file fallback. */
export interface SecretStore {
  get(profileId: string): Promise<string | null>;
  set(profileId: string, secret: string): Promise<void>;
  /** Resolves true when a secret was there and is now gone. */
  delete(profileId: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'webhook-tray';

/** App-wide preferences, stored in the same settings file as the profiles. */
export interface AppSettings {
  /** Poll interval while every channel is healthy, in seconds. */
  normalIntervalSec: number;
  /** Poll interval while a channel of the profile is failing, in seconds. */
  fastIntervalSec: number;
  /** Which notification kinds are shown. */
  notifications: Record<NotificationKind, boolean>;
  launchAtLogin: boolean;
  /** All notifications silenced until this time (ISO), or null. */
  snoozeAllUntil: string | null;
  /** Per-channel snoozes: key channelKey(profileId, requestId) -> ISO time. */
  channelSnoozes: Record<string, string>;
  /** A PEM file whose CA certificates the app trusts besides the system's (an HTTPS-inspecting proxy's), or null. */
  extraCaFile: string | null;
}

/** The longest extra CA file path accepted (PATH_MAX on Linux). */
export const EXTRA_CA_FILE_MAX_LENGTH = 4096;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  normalIntervalSec: DEFAULT_INTERVALS_SEC.normal,
  fastIntervalSec: DEFAULT_INTERVALS_SEC.fast,
  notifications: { ...DEFAULT_NOTIFICATION_SETTINGS },
  launchAtLogin: false,
  snoozeAllUntil: null,
  channelSnoozes: {},
  extraCaFile: null,
};

/** What `add` takes: the profile fields plus its API secret, which goes to the keychain only. */
export type NewProfileWithSecret = NewProfile & { apiSecret: string };

/** A partial edit of a profile. `apiSecret`, when given, replaces the keychain entry. The id never changes. */
export interface ProfileChanges {
  name?: string;
  baseUrl?: string;
  account?: string;
  apiKey?: string;
  apiSecret?: string;
}

/** Something the merchant should know about the settings file, e.g. that an unreadable one was set aside. */
export interface SettingsWarning {
  kind: 'settings-corrupt';
  message: string;
  /** Full path of the preserved copy (`settings.json.corrupt-<time>`). */
  preservedAs: string;
  at: string;
}

/**
 * Emitted after every change, so the monitor can re-read profiles or credentials. `external` means the
 * settings file was changed by another process (the CLI while the app runs), seen only when watching.
 */
export type AccountsEvent =
  | { type: 'profile-added'; profile: Profile }
  | { type: 'profile-updated'; profile: Profile; secretChanged: boolean }
  | { type: 'profile-removed'; profileId: string }
  | { type: 'app-settings-changed'; settings: AppSettings }
  | { type: 'external-change' }
  | { type: 'warning'; warning: SettingsWarning };
