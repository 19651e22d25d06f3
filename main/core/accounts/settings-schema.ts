import { INTERVAL_LIMITS_SEC } from '../../common/intervals';
import { DEFAULT_APP_SETTINGS, EXTRA_CA_FILE_MAX_LENGTH } from './types';
import type { AppSettings, Profile } from './types';

/** What settings.json holds (besides conf's own `__internal__` bookkeeping). */
export type SettingsData = {
  profiles: Profile[];
  app: AppSettings;
};

/**
 * The schema version of settings.json. Bump it together with a new entry in SETTINGS_MIGRATIONS;
 * conf records the version reached in the file and runs only the newer migrations.
 */
export const SETTINGS_SCHEMA_VERSION = 1;

/** The narrow view of the store a migration gets: read and replace whole top-level keys. */
export interface MigrationStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** Brings a file to `version` from `version - 1`. Runs without schema validation, so it must be tolerant. */
export type SettingsMigration = (store: MigrationStore) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Migrations by the version they produce. Version 1 is the first schema: it gives a file written before
 * versioning (or by hand) both top-level keys, keeping whatever it already had.
 */
export const SETTINGS_MIGRATIONS: Readonly<Record<number, SettingsMigration>> = {
  1: (store) => {
    if (!Array.isArray(store.get('profiles'))) store.set('profiles', []);
    const app = store.get('app');
    store.set('app', { ...DEFAULT_APP_SETTINGS, ...(isRecord(app) ? app : {}) });
  },
};

const isoString = { type: 'string', minLength: 1 } as const;

const profileSchema = {
  type: 'object',
  required: ['id', 'name', 'baseUrl', 'account', 'apiKey', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    name: { type: 'string', minLength: 1 },
    baseUrl: { type: 'string', pattern: '^https?://' },
    account: { type: 'string', minLength: 1 },
    apiKey: { type: 'string', minLength: 1 },
    createdAt: isoString,
    updatedAt: isoString,
  },
  // Secrets live in the keychain only: a file that carries one is refused rather than used.
  not: { anyOf: [{ required: ['apiSecret'] }, { required: ['secret'] }] },
} as const;

const notificationKeys = Object.keys(DEFAULT_APP_SETTINGS.notifications);
const INTERVAL_SCHEMA = { minimum: INTERVAL_LIMITS_SEC.min, maximum: INTERVAL_LIMITS_SEC.max } as const;

const appSchema = {
  type: 'object',
  properties: {
    normalIntervalSec: {
      type: 'number',
      ...INTERVAL_SCHEMA,
      default: DEFAULT_APP_SETTINGS.normalIntervalSec,
    },
    fastIntervalSec: { type: 'number', ...INTERVAL_SCHEMA, default: DEFAULT_APP_SETTINGS.fastIntervalSec },
    notifications: {
      type: 'object',
      properties: Object.fromEntries(
        notificationKeys.map((key) => [key, { type: 'boolean', default: true }]),
      ),
      additionalProperties: { type: 'boolean' },
      default: DEFAULT_APP_SETTINGS.notifications,
    },
    launchAtLogin: { type: 'boolean', default: DEFAULT_APP_SETTINGS.launchAtLogin },
    snoozeAllUntil: { type: ['string', 'null'], default: null },
    channelSnoozes: {
      type: 'object',
      additionalProperties: { type: 'string' },
      default: {},
    },
    extraCaFile: { type: ['string', 'null'], maxLength: EXTRA_CA_FILE_MAX_LENGTH, default: null },
  },
} as const;

/**
 * The JSON schema conf validates every read and write against (its `schema` option: one entry per
 * top-level key). Missing app settings are filled from their defaults by ajv's `useDefaults`.
 */
export const SETTINGS_JSON_SCHEMA = {
  profiles: { type: 'array', items: profileSchema, default: [] },
  app: { ...appSchema, default: DEFAULT_APP_SETTINGS },
} as const;

export const SETTINGS_DEFAULTS: SettingsData = {
  profiles: [],
  app: DEFAULT_APP_SETTINGS,
};
