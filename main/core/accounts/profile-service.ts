import { z } from 'zod';
import type { Credentials } from '../api';
import { APP_CA_SETTING, readCaFile } from '../api';
import { configDir } from '../storage';
import { AppError } from '../../common/errors';
import { Emitter } from '../../common/event';
import { INTERVAL_LIMITS_SEC } from '../../common/intervals';
import { NOTIFICATION_KINDS } from '../../common/notification-kinds';
import { baseUrlProblem } from '../api';
import { assertSecretForNewDestination } from './credential-changes';
import { KeytarSecretStore } from './keytar-secret-store';
import { parseNewProfile, parseProfileChanges } from './profile-input';
import { SettingsFile } from './settings-file';
import { uniqueSlug } from './slug';
import type {
  AccountsEvent,
  AppSettings,
  NewProfileWithSecret,
  Profile,
  ProfileChanges,
  SecretStore,
  SettingsWarning,
} from './types';
import { EXTRA_CA_FILE_MAX_LENGTH } from './types';

/** A partial update of the app settings; `notifications` merges key by key, other fields replace. */
export type AppSettingsPatch = Partial<Omit<AppSettings, 'notifications'>> & {
  notifications?: Partial<AppSettings['notifications']>;
};

const intervalSec = z.number().int().min(INTERVAL_LIMITS_SEC.min).max(INTERVAL_LIMITS_SEC.max);

const appSettingsPatchSchema = z.strictObject({
  normalIntervalSec: intervalSec.optional(),
  fastIntervalSec: intervalSec.optional(),
  notifications: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.boolean()).optional(),
  launchAtLogin: z.boolean().optional(),
  snoozeAllUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  channelSnoozes: z.record(z.string(), z.iso.datetime({ offset: true })).optional(),
  extraCaFile: z.string().max(EXTRA_CA_FILE_MAX_LENGTH).nullable().optional(),
});

export interface ProfileServiceOptions {
  settings: SettingsFile;
  secrets: SecretStore;
  now?: () => Date;
}

/**
 * The extra CA file as saved: blank is none, and a new path must hold a readable certificate, so a
 * typo is refused in the window rather than failing every poll.
 */
function checkedCaFile(path: string | null, current: string | null): string | null {
  const trimmed = path?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed !== current) readCaFile(trimmed, APP_CA_SETTING);
  return trimmed;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Profiles (settings.json) and their API secrets (keychain), kept consistent with each other.
 *
 * Ordering rules, so that no profile is ever left without its secret and no secret without its profile:
 * - add: the secret is written first, then the profile; if the profile write fails the secret is deleted.
 * - update with a new secret: the new secret is written first; if the profile write fails the old one is restored.
 * - remove: the secret is read (so it can be put back) and deleted first, then the profile; if the profile
 *   write fails the secret is restored. The keychain goes first because it is the part that fails in
 *   practice (absent, locked, no D-Bus): it fails while nothing has been changed yet. The settings file is
 *   local and written atomically, so its write rarely fails, and when it does the keychain step is undone.
 *
 * Operations are serialized within the process. `list`/`get` are synchronous (conf reads the file on each
 * call, so they see changes made by the CLI or the app).
 */
export class ProfileService {
  private readonly settings: SettingsFile;
  private readonly secrets: SecretStore;
  private readonly now: () => Date;
  private readonly events = new Emitter<AccountsEvent>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ProfileServiceOptions) {
    this.settings = options.settings;
    this.secrets = options.secrets;
    this.now = options.now ?? (() => new Date());
    this.settings.onWarning((warning) => this.emit({ type: 'warning', warning }));
    this.settings.onExternalChange(() => this.emit({ type: 'external-change' }));
  }

  /** Full path of settings.json. */
  get settingsPath(): string {
    return this.settings.path;
  }

  list(): Profile[] {
    return this.settings.readProfiles();
  }

  /** Finds a profile by id, else by name (case-insensitive). */
  get(idOrName: string): Profile | null {
    const profiles = this.list();
    return (
      profiles.find((profile) => profile.id === idOrName) ??
      profiles.find((profile) => sameName(profile.name, idOrName)) ??
      null
    );
  }

  /** Like `get`, but a missing profile is a `not-found` error naming the known profiles. */
  require(idOrName: string): Profile {
    const profile = this.get(idOrName);
    if (profile !== null) return profile;
    const known = this.list().map((p) => p.name);
    throw new AppError(
      'not-found',
      `No profile named "${idOrName}". ` +
        (known.length === 0
          ? 'There are no profiles yet: add one with `profile add`.'
          : `Known profiles: ${known.join(', ')}.`),
    );
  }

  /**
   * Validates the input, stores the secret in the keychain, then the profile in settings.json.
   * Throws `validation` (bad input or duplicate name), `keychain` (nothing was stored) or `settings`.
   */
  async add(input: NewProfileWithSecret): Promise<Profile> {
    const fields = parseNewProfile(input);
    return this.exclusive(async () => {
      const existing = this.list();
      this.assertNameFree(existing, fields.name, null);
      const id = uniqueSlug(fields.name, new Set(existing.map((p) => p.id)));
      const at = this.now().toISOString();
      const profile: Profile = {
        id,
        name: fields.name,
        baseUrl: fields.baseUrl,
        account: fields.account,
        apiKey: fields.apiKey,
        createdAt: at,
        updatedAt: at,
      };
      await this.secrets.set(id, fields.apiSecret);
      try {
        this.settings.updateProfiles((profiles) => {
          // Another process may have added one meanwhile: checked again under the settings lock.
          this.assertNameFree(profiles, fields.name, null);
          if (profiles.some((p) => p.id === id)) this.assertNameFree(profiles, id, null);
          return [...profiles, profile];
        });
      } catch (error) {
        await this.undo(() => this.secrets.delete(id), error);
      }
      this.emit({ type: 'profile-added', profile });
      return profile;
    });
  }

  /** Applies a partial edit; a new `apiSecret` replaces the keychain entry. The id never changes. */
  async update(id: string, changes: ProfileChanges): Promise<Profile> {
    const fields = parseProfileChanges(changes);
    return this.exclusive(async () => {
      const profiles = this.list();
      const current = profiles.find((p) => p.id === id);
      if (current === undefined) throw this.notFound(id);
      assertSecretForNewDestination(current, fields);
      if (fields.name !== undefined) this.assertNameFree(profiles, fields.name, id);
      const { apiSecret, ...profileFields } = fields;
      const updated: Profile = { ...current, ...profileFields, updatedAt: this.now().toISOString() };
      let previousSecret: string | null = null;
      if (apiSecret !== undefined) {
        previousSecret = await this.secrets.get(id);
        await this.secrets.set(id, apiSecret);
      }
      try {
        this.settings.updateProfiles((profiles) => profiles.map((p) => (p.id === id ? updated : p)));
      } catch (error) {
        if (apiSecret === undefined) throw error;
        await this.undo(() => this.restoreSecret(id, previousSecret), error);
      }
      this.emit({ type: 'profile-updated', profile: updated, secretChanged: apiSecret !== undefined });
      return updated;
    });
  }

  /**
   * Deletes the profile and its keychain secret (see the class comment for the order). With
   * `keepSecret`, only the profile goes and the keychain is not touched: the way out when the
   * keychain cannot be reached, at the cost of an entry left behind in it.
   */
  remove(id: string, options: { keepSecret?: boolean } = {}): Promise<void> {
    return this.exclusive(async () => {
      if (!this.list().some((p) => p.id === id)) throw this.notFound(id);
      if (options.keepSecret === true) {
        this.settings.updateProfiles((profiles) => profiles.filter((p) => p.id !== id));
        this.emit({ type: 'profile-removed', profileId: id });
        return;
      }
      const previousSecret = await this.secrets.get(id);
      await this.secrets.delete(id);
      try {
        this.settings.updateProfiles((profiles) => profiles.filter((p) => p.id !== id));
      } catch (error) {
        await this.undo(() => this.restoreSecret(id, previousSecret), error);
      }
      this.emit({ type: 'profile-removed', profileId: id });
    });
  }

  /** Whether the keychain holds the profile's secret. Throws `keychain` when the keychain is unavailable. */
  async hasSecret(id: string): Promise<boolean> {
    return (await this.secrets.get(id)) !== null;
  }

  /**
   * Everything the API client needs for a profile, the secret read from the keychain. A missing secret
   * is a `keychain` error telling how to fix it.
   */
  async credentials(idOrName: string): Promise<Credentials> {
    const profile = this.require(idOrName);
    // The URL rule holds for a hand-edited settings.json too: no client, so nothing is signed or sent.
    const problem = baseUrlProblem(profile.baseUrl);
    if (problem !== null) {
      throw new AppError(
        'settings',
        `The base URL of account "${profile.name}" in ${this.settingsPath} ${problem}. Nothing was sent: ` +
          'correct the base URL in the account settings (with the API secret), or in the file.',
      );
    }
    const apiSecret = await this.secrets.get(profile.id);
    if (apiSecret === null) {
      throw new AppError(
        'keychain',
        `The keychain holds no API secret for profile "${profile.name}" (it may have been removed outside Webhook Tray). ` +
          'Enter the secret again in the profile settings, or remove the profile and add it again.',
      );
    }
    return { baseUrl: profile.baseUrl, account: profile.account, apiKey: profile.apiKey, apiSecret };
  }

  getAppSettings(): AppSettings {
    return this.settings.readAppSettings();
  }

  /** Merges a partial update into the app settings and returns the result. Bad values are a `validation` error. */
  setAppSettings(patch: AppSettingsPatch): AppSettings {
    const parsed = appSettingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new AppError('validation', `Invalid settings: ${details}.`);
    }
    const { notifications, ...rest } = parsed.data;
    const next = this.settings.updateAppSettings((current) => {
      if (rest.extraCaFile !== undefined)
        rest.extraCaFile = checkedCaFile(rest.extraCaFile, current.extraCaFile);
      return {
        ...current,
        ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
        notifications: { ...current.notifications, ...notifications },
      };
    });
    this.emit({ type: 'app-settings-changed', settings: next });
    return next;
  }

  /** Warnings since the settings file was opened (e.g. a corrupt file set aside); show them to the merchant. */
  warnings(): SettingsWarning[] {
    return this.settings.getWarnings();
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onEvent(listener: (event: AccountsEvent) => void): () => void {
    const subscription = this.events.event(listener);
    return () => subscription.dispose();
  }

  /** Stops watching the settings file. */
  close(): void {
    this.settings.close();
    this.events.dispose();
  }

  private emit(event: AccountsEvent): void {
    this.events.fire(event);
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private assertNameFree(profiles: Profile[], name: string, ownId: string | null): void {
    const clash = profiles.find(
      (p) => p.id !== ownId && (sameName(p.name, name) || p.id === name.trim().toLowerCase()),
    );
    if (clash !== undefined) {
      throw new AppError(
        'validation',
        `Invalid profile: a profile named "${clash.name}" already exists; choose another name.`,
      );
    }
  }

  private notFound(id: string): AppError {
    return new AppError('not-found', `No profile with id "${id}".`);
  }

  private async restoreSecret(id: string, secret: string | null): Promise<void> {
    if (secret === null) await this.secrets.delete(id);
    else await this.secrets.set(id, secret);
  }

  /** Undoes the keychain step after a failed settings write, then rethrows the write's error. */
  private async undo(compensate: () => Promise<unknown>, error: unknown): Promise<never> {
    try {
      await compensate();
    } catch (undoError) {
      const why = undoError instanceof Error ? undoError.message : String(undoError);
      const base = error instanceof Error ? error.message : String(error);
      throw new AppError('settings', `${base} Undoing the keychain change also failed: ${why}`, {
        cause: error,
      });
    }
    throw error;
  }
}

export interface CreateProfileServiceOptions {
  /** Defaults to `configDir()`. */
  dir?: string;
  /** Watch settings.json for changes by other processes (the app: yes; the CLI: no). */
  watch?: boolean;
  /** Defaults to the OS keychain via keytar. */
  secrets?: SecretStore;
}

/** The ProfileService the app and the CLI use: settings.json in the config folder, secrets in the OS keychain. */
export function createProfileService(options: CreateProfileServiceOptions = {}): ProfileService {
  const settings = new SettingsFile({ dir: options.dir ?? configDir(), watch: options.watch ?? false });
  return new ProfileService({ settings, secrets: options.secrets ?? new KeytarSecretStore() });
}
