import { chmodSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsFile } from '../../../main/core/accounts/settings-file';
import { writeFileAtomically } from '../../../main/core/storage/atomic-file';

/** The permission bits, as `ls -l` would show them in octal. */
function permissions(path: string): number {
  return statSync(path).mode & 0o777;
}

function freshParent(): string {
  return mkdtempSync(join(tmpdir(), 'wt-private-'));
}

describe.skipIf(process.platform === 'win32')('the config folder is owner-only (POSIX)', () => {
  it('is created 0700 when settings are first opened, and settings.json is 0600', () => {
    const dir = join(freshParent(), 'webhook-tray');
    const settings = new SettingsFile({ dir });
    settings.writeAppSettings(settings.readAppSettings());
    expect(permissions(dir)).toBe(0o700);
    expect(permissions(join(dir, 'settings.json'))).toBe(0o600);
  });

  it('an existing 0755 folder is tightened to 0700 at start', () => {
    const dir = join(freshParent(), 'webhook-tray');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    new SettingsFile({ dir }).readProfiles();
    expect(permissions(dir)).toBe(0o700);
  });

  it('a store file written first creates its folder 0700 and itself 0600', async () => {
    const dir = join(freshParent(), 'webhook-tray');
    await writeFileAtomically(join(dir, 'history.json'), '[]');
    expect(permissions(dir)).toBe(0o700);
    expect(permissions(join(dir, 'history.json'))).toBe(0o600);
  });
});
