import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { AppError } from '../../common/errors';
import { Emitter } from '../../common/event';
import { ensurePrivateConfigDir } from '../storage';
import { withFileLockSync } from '../storage';
import {
  SETTINGS_DEFAULTS,
  SETTINGS_JSON_SCHEMA,
  SETTINGS_MIGRATIONS,
  SETTINGS_SCHEMA_VERSION,
  type SettingsData,
  type SettingsMigration,
} from './settings-schema';
import type { AppSettings, Profile, SettingsWarning } from './types';

export const SETTINGS_FILE_NAME = 'settings.json';

export interface SettingsFileOptions {
  /** The config folder (see `configDir()`). */
  dir: string;
  /**
   * Watch the file for changes made by other processes (the CLI while the app runs) and call the
   * external-change listeners. Off by default: the CLI is short-lived and needs no watcher.
   */
  watch?: boolean;
  /** For tests of the migration framework; production uses SETTINGS_SCHEMA_VERSION / SETTINGS_MIGRATIONS. */
  schemaVersion?: number;
  migrations?: Readonly<Record<number, SettingsMigration>>;
}

const MIGRATION_VERSION_PATH = ['__internal__', 'migrations', 'version'] as const;

function semverOf(version: number): string {
  return `${version}.0.0`;
}

/** The schema version recorded in a parsed file, or null when it has none (pre-versioning or hand-made). */
function recordedVersion(data: unknown): number | null {
  let node: unknown = data;
  for (const key of MIGRATION_VERSION_PATH) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'string') return null;
  const major = Number.parseInt(node, 10);
  return Number.isFinite(major) ? major : null;
}

/** conf reports an unreadable file as a JSON SyntaxError or a schema violation; anything else (EACCES...) is not corruption. */
function isUnreadableContent(error: unknown): boolean {
  if (error instanceof SyntaxError) return true;
  return error instanceof Error && error.message.startsWith('Config schema violation');
}

/** `2024-05-01T10:20:30.123Z` -> `2024-05-01T10-20-30-123Z`: valid in file names on every platform. */
function fileSafeTime(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * settings.json through conf: atomic writes (write-then-rename via `atomically`, so a crash mid-write
 * leaves the previous complete file), JSON-schema validation on every read and write, and versioned
 * migrations. conf re-reads the file on every access, so the app and the CLI see each other's changes.
 *
 * A file that cannot be read is never replaced in place: it is renamed `settings.json.corrupt-<time>`,
 * a warning is recorded, and a fresh file is started.
 */
export class SettingsFile {
  readonly path: string;
  private readonly options: SettingsFileOptions;
  private conf: Conf<SettingsData>;
  private readonly warnings: SettingsWarning[] = [];
  private readonly warningEmitter = new Emitter<SettingsWarning>();
  private readonly externalEmitter = new Emitter<void>();
  private unsubscribeConf: (() => void) | null = null;
  private writing = false;
  /** Nesting depth of `locked`: the lock is taken once per process, by the outermost call. */
  private lockDepth = 0;

  constructor(options: SettingsFileOptions) {
    this.options = options;
    this.path = join(options.dir, SETTINGS_FILE_NAME);
    try {
      ensurePrivateConfigDir(options.dir);
    } catch (error) {
      throw this.settingsError(error);
    }
    // Opening may write (defaults, migrations, a file set aside): a read-modify-write like any other.
    this.conf = this.locked(() => this.open());
  }

  /** Profiles in the order they were added. */
  readProfiles(): Profile[] {
    return this.read((conf) => conf.get('profiles'));
  }

  writeProfiles(profiles: Profile[]): void {
    this.write((conf) => conf.set('profiles', profiles));
  }

  /**
   * Reads the profiles, applies `change` and writes the result, all under the cross-process lock,
   * so a change made meanwhile by the app or the CLI is never lost. `change` may throw to abort.
   */
  updateProfiles(change: (profiles: Profile[]) => Profile[]): Profile[] {
    return this.locked(() => {
      const next = change(this.readProfiles());
      this.writeProfiles(next);
      return next;
    });
  }

  readAppSettings(): AppSettings {
    return this.read((conf) => conf.get('app'));
  }

  writeAppSettings(settings: AppSettings): void {
    this.write((conf) => conf.set('app', settings));
  }

  /** Like `updateProfiles`, for the app settings. */
  updateAppSettings(change: (settings: AppSettings) => AppSettings): AppSettings {
    return this.locked(() => {
      const next = change(this.readAppSettings());
      this.writeAppSettings(next);
      return next;
    });
  }

  /** Warnings recorded since this file was opened (a corrupt file set aside...). */
  getWarnings(): SettingsWarning[] {
    return [...this.warnings];
  }

  onWarning(listener: (warning: SettingsWarning) => void): () => void {
    const subscription = this.warningEmitter.event(listener);
    return () => subscription.dispose();
  }

  /** Called when another process changed the file; only with `watch: true`. */
  onExternalChange(listener: () => void): () => void {
    const subscription = this.externalEmitter.event(listener);
    return () => subscription.dispose();
  }

  /** Stops the file watcher, if any. */
  close(): void {
    this.unsubscribeConf?.();
    this.unsubscribeConf = null;
    this.conf._closeWatcher();
  }

  private get schemaVersion(): number {
    return this.options.schemaVersion ?? SETTINGS_SCHEMA_VERSION;
  }

  private open(): Conf<SettingsData> {
    // Keep the exact bytes: conf may rewrite the file (defaults, migrations) before it finds it invalid.
    const original = this.readOriginal();
    if (original !== null) this.refuseNewerFile(original);
    let conf: Conf<SettingsData>;
    try {
      conf = this.createConf();
    } catch (error) {
      if (!isUnreadableContent(error)) throw this.settingsError(error);
      this.setAside(error, original);
      try {
        conf = this.createConf();
      } catch (retryError) {
        throw this.settingsError(retryError);
      }
    }
    this.subscribe(conf);
    return conf;
  }

  private readOriginal(): Buffer | null {
    try {
      return readFileSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw this.settingsError(error);
    }
  }

  private createConf(): Conf<SettingsData> {
    const migrations = this.options.migrations ?? SETTINGS_MIGRATIONS;
    return new Conf<SettingsData>({
      cwd: this.options.dir,
      configName: 'settings',
      schema: SETTINGS_JSON_SCHEMA as never,
      defaults: structuredClone(SETTINGS_DEFAULTS),
      projectVersion: semverOf(this.schemaVersion),
      migrations: Object.fromEntries(
        Object.entries(migrations).map(([version, migrate]) => [
          semverOf(Number(version)),
          (store: Conf<SettingsData>) =>
            migrate({
              get: (key) => store.get(key as keyof SettingsData),
              set: (key, value) => store.set(key as keyof SettingsData, value as never),
              delete: (key) => store.delete(key as keyof SettingsData),
            }),
        ]),
      ),
      // We set an unreadable file aside ourselves instead of letting conf wipe it.
      clearInvalidConfig: false,
      // Profiles carry API keys (not secrets, but nobody else's business).
      configFileMode: 0o600,
      watch: this.options.watch ?? false,
      accessPropertiesByDotNotation: false,
    });
  }

  /**
   * An older app must not "migrate" a file written by a newer one (conf would silently stamp it with
   * the older version and a later upgrade would skip its migrations).
   */
  private refuseNewerFile(original: Buffer): void {
    let data: unknown;
    try {
      data = JSON.parse(original.toString('utf8'));
    } catch {
      return; // unreadable content is set aside by open()
    }
    const version = recordedVersion(data);
    if (version !== null && version > this.schemaVersion) {
      throw new AppError(
        'settings',
        `${this.path} was written by a newer Webhook Tray (settings version ${version}, this one reads up to ${this.schemaVersion}). Update Webhook Tray; the file was left untouched.`,
      );
    }
  }

  /** Moves the unreadable file aside with its original bytes (as read before conf touched it). */
  private setAside(reason: unknown, original: Buffer | null): void {
    const now = new Date();
    let target = `${this.path}.corrupt-${fileSafeTime(now)}`;
    for (let n = 2; existsSync(target); n++) target = `${this.path}.corrupt-${fileSafeTime(now)}-${n}`;
    try {
      if (original === null) {
        renameSync(this.path, target);
      } else {
        writeFileSync(target, original, { flag: 'wx', mode: 0o600 });
        rmSync(this.path, { force: true });
      }
    } catch (error) {
      throw this.settingsError(error);
    }
    const why = reason instanceof Error ? reason.message : String(reason);
    const warning: SettingsWarning = {
      kind: 'settings-corrupt',
      message:
        `settings: ${this.path} could not be read (${why}). It was kept as ${target} and a fresh ` +
        'settings file was started: add your profiles again, or repair the kept copy and put it back.',
      preservedAs: target,
      at: now.toISOString(),
    };
    this.warnings.push(warning);
    this.warningEmitter.fire(warning);
  }

  private settingsError(error: unknown): AppError {
    if (error instanceof AppError) return error;
    const why = error instanceof Error ? error.message : String(error);
    return new AppError(
      'settings',
      `Cannot use the settings file ${this.path}: ${why}. Check that the folder exists and is writable.`,
      { cause: error },
    );
  }

  private subscribe(conf: Conf<SettingsData>): void {
    if (this.options.watch !== true) return;
    this.unsubscribeConf = conf.onDidAnyChange(() => {
      if (this.writing) return;
      this.externalEmitter.fire();
    });
  }

  /** Runs a read; if the file became unreadable since it was opened (edited by hand...), set it aside and reopen. */
  private read<T>(reader: (conf: Conf<SettingsData>) => T): T {
    try {
      return reader(this.conf);
    } catch (error) {
      if (!isUnreadableContent(error)) throw this.settingsError(error);
      this.reopenAfter();
      return reader(this.conf);
    }
  }

  /** Runs `work` holding the settings lock (see withFileLockSync); nested calls share the outer hold. */
  private locked<T>(work: () => T): T {
    if (this.lockDepth > 0) return work();
    this.lockDepth += 1;
    try {
      return withFileLockSync(this.path, work);
    } catch (error) {
      throw this.settingsError(error);
    } finally {
      this.lockDepth -= 1;
    }
  }

  private write(writer: (conf: Conf<SettingsData>) => void): void {
    // conf.set rewrites the whole file from a fresh read: without the lock, another process's write
    // between that read and this write would be lost.
    this.locked(() => {
      // conf reads the file before writing; make sure it is readable first so a failure below means our value.
      this.read((conf) => conf.store);
      this.writing = true;
      try {
        writer(this.conf);
      } catch (error) {
        // conf validates before writing: a schema violation here is our bug or bad input, not a bad file.
        throw this.settingsError(error);
      } finally {
        this.writing = false;
      }
    });
  }

  /** Reopening finds the file unreadable again and sets it aside (see open()). */
  private reopenAfter(): void {
    this.close();
    this.conf = this.locked(() => this.open());
  }
}
