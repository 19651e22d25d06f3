import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsFile } from '../../../main/core/accounts/settings-file';
import { SETTINGS_SCHEMA_VERSION } from '../../../main/core/accounts/settings-schema';
import { DEFAULT_APP_SETTINGS, type Profile } from '../../../main/core/accounts/types';
import { AppError } from '../../../main/common/errors';
import { tempConfigDir } from './keyring';

const profile: Profile = {
  id: 'live',
  name: 'Live',
  baseUrl: 'https://api.calypso.finance',
  account: '0x0000000000000000000000000000000000000001',
  apiKey: 'key-1',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
};

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

describe('SettingsFile', () => {
  it('starts a fresh file with defaults, the schema version and owner-only permissions', () => {
    const dir = tempConfigDir();
    const settings = new SettingsFile({ dir });
    expect(settings.readProfiles()).toEqual([]);
    expect(settings.readAppSettings()).toEqual(DEFAULT_APP_SETTINGS);
    settings.writeProfiles([profile]);
    const data = readJson(join(dir, 'settings.json'));
    expect(data.profiles).toEqual([profile]);
    expect(data.__internal__).toEqual({ migrations: { version: `${SETTINGS_SCHEMA_VERSION}.0.0` } });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(new SettingsFile({ dir }).readProfiles()).toEqual([profile]);
  });

  it.each([
    ['bad JSON', '{"profiles": [ {"id": '],
    ['a schema violation', JSON.stringify({ profiles: [{ id: 'x' }], app: {} })],
    ['a secret in the file', JSON.stringify({ profiles: [{ ...profile, apiSecret: 's' }] })],
  ])('sets aside a file with %s, reports it, and starts fresh', (_what, content) => {
    const dir = tempConfigDir();
    writeFileSync(join(dir, 'settings.json'), content);
    const settings = new SettingsFile({ dir });
    const warnings = settings.getWarnings();
    expect(warnings).toHaveLength(1);
    const warning = warnings[0]!;
    expect(warning.kind).toBe('settings-corrupt');
    expect(warning.preservedAs).toMatch(/settings\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(warning.message).toContain(warning.preservedAs);
    // The unreadable bytes are kept intact beside a fresh, valid file.
    expect(readFileSync(warning.preservedAs, 'utf8')).toBe(content);
    expect(readdirSync(dir).sort()).toEqual(['settings.json', warning.preservedAs.split('/').pop()].sort());
    expect(settings.readProfiles()).toEqual([]);
    expect(readJson(join(dir, 'settings.json')).profiles).toEqual([]);
  });

  it('sets aside a file that becomes unreadable while open, and reports it to listeners', () => {
    const dir = tempConfigDir();
    const settings = new SettingsFile({ dir });
    settings.writeProfiles([profile]);
    const seen: string[] = [];
    settings.onWarning((w) => seen.push(w.preservedAs));
    writeFileSync(join(dir, 'settings.json'), 'not json');
    expect(settings.readProfiles()).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(readFileSync(seen[0]!, 'utf8')).toBe('not json');
  });

  it('runs migration 1 on a file written before versioning, keeping its data', () => {
    const dir = tempConfigDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ profiles: [profile], app: { launchAtLogin: true } }),
    );
    const settings = new SettingsFile({ dir });
    expect(settings.getWarnings()).toEqual([]);
    expect(settings.readProfiles()).toEqual([profile]);
    expect(settings.readAppSettings()).toEqual({ ...DEFAULT_APP_SETTINGS, launchAtLogin: true });
    expect(readJson(join(dir, 'settings.json')).__internal__).toEqual({ migrations: { version: '1.0.0' } });
  });

  it('runs only the migrations newer than the file, in order', () => {
    const dir = tempConfigDir();
    new SettingsFile({ dir }).writeProfiles([profile]);
    const ran: number[] = [];
    const settings = new SettingsFile({
      dir,
      schemaVersion: 3,
      migrations: {
        1: () => ran.push(1),
        2: (store) => {
          ran.push(2);
          const profiles = store.get('profiles') as Profile[];
          store.set(
            'profiles',
            profiles.map((p) => ({ ...p, name: p.name.toUpperCase() })),
          );
        },
        3: () => ran.push(3),
      },
    });
    expect(ran).toEqual([2, 3]);
    expect(settings.readProfiles()[0]?.name).toBe('LIVE');
    expect(readJson(join(dir, 'settings.json')).__internal__).toEqual({ migrations: { version: '3.0.0' } });
  });

  it('refuses a file from a newer version and leaves it untouched', () => {
    const dir = tempConfigDir();
    const content = JSON.stringify({
      profiles: [],
      app: {},
      __internal__: { migrations: { version: '99.0.0' } },
    });
    writeFileSync(join(dir, 'settings.json'), content);
    let error: unknown;
    try {
      new SettingsFile({ dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('settings');
    expect((error as AppError).message).toContain('newer Webhook Tray');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(content);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('tells watchers about changes made by another process, not about its own writes', async () => {
    const dir = tempConfigDir();
    const settings = new SettingsFile({ dir, watch: true });
    let external = 0;
    settings.onExternalChange(() => external++);
    settings.writeProfiles([profile]);
    expect(external).toBe(0);
    new SettingsFile({ dir }).writeProfiles([profile, { ...profile, id: 'b', name: 'B' }]);
    await expect.poll(() => external, { timeout: 10_000 }).toBe(1);
    settings.close();
  });
});
