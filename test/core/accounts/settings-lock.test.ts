import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsFile } from '../../../main/core/accounts/settings-file';
import { bundleFixture } from './fixtures/bundle-fixture';
import { tempConfigDir } from './keyring';

const PER_PROCESS = 50;

let adder: string;
beforeAll(async () => {
  adder = await bundleFixture('add-many-profiles.ts');
});

function addMany(dir: string, prefix: string, startAt: number) {
  return promisify(execFile)(process.execPath, [adder, dir, prefix, String(PER_PROCESS), String(startAt)]);
}

describe('settings.json shared by two processes', () => {
  it(`two processes adding ${PER_PROCESS} profiles each at once lose none`, { timeout: 60_000 }, async () => {
    const dir = tempConfigDir();
    // Both start at the same moment, after both have loaded.
    const startAt = Date.now() + 1_500;
    const [a, b] = await Promise.all([addMany(dir, 'Alpha', startAt), addMany(dir, 'Beta', startAt)]);
    expect([a.stdout, b.stdout]).toEqual([String(PER_PROCESS), String(PER_PROCESS)]);
    const names = new SettingsFile({ dir }).readProfiles().map((profile) => profile.name);
    const expected = ['Alpha', 'Beta'].flatMap((prefix) =>
      Array.from({ length: PER_PROCESS }, (_, i) => `${prefix} ${i + 1}`),
    );
    expect(names.toSorted()).toEqual(expected.toSorted());
  });
});

describe('a lock left by a process that died holding it', () => {
  it('is taken over once stale, and the write goes through', () => {
    const dir = tempConfigDir();
    const settings = new SettingsFile({ dir });
    const lock = join(dir, 'settings.json.lock');
    mkdirSync(lock);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    const started = Date.now();
    settings.updateAppSettings((app) => ({ ...app, launchAtLogin: true }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(new SettingsFile({ dir }).readAppSettings().launchAtLogin).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});
