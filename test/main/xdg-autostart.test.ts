import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isXdgAutostartEnabled,
  setXdgAutostart,
  xdgAutostartEntry,
  xdgAutostartPath,
} from '../../main/shell/os/xdg-autostart';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'wt-autostart-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('XDG autostart entry (real files)', () => {
  it('writes the entry into $XDG_CONFIG_HOME/autostart, then removes it', async () => {
    const options = { execPath: '/opt/Webhook Tray/webhook-tray', configHome: home };
    expect(await isXdgAutostartEnabled(home)).toBe(false);
    await setXdgAutostart(true, options);
    const path = join(home, 'autostart', 'webhook-tray.desktop');
    expect(xdgAutostartPath(home)).toBe(path);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[0]).toBe('[Desktop Entry]');
    expect(text).toContain('Type=Application\n');
    expect(text).toContain('Name=Webhook Tray\n');
    expect(text).toContain('Exec="/opt/Webhook Tray/webhook-tray"\n');
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(await isXdgAutostartEnabled(home)).toBe(true);

    await setXdgAutostart(true, options);
    expect(await readFile(path, 'utf8')).toBe(text);

    await setXdgAutostart(false, options);
    expect(await isXdgAutostartEnabled(home)).toBe(false);
    await expect(setXdgAutostart(false, options)).resolves.toBeUndefined();
  });

  it('quotes Exec as the Desktop Entry spec asks', () => {
    const entry = xdgAutostartEntry({ execPath: '/a/b$c', args: ['--x', '100%', 'q"uote', 'back\\slash'] });
    expect(entry).toContain('Exec="/a/b\\\\$c" --x 100%% "q\\\\"uote" "back\\\\\\\\slash"\n');
  });

  it('treats an entry switched off with Hidden=true as disabled', async () => {
    await setXdgAutostart(true, { execPath: '/usr/bin/webhook-tray', configHome: home });
    const path = xdgAutostartPath(home);
    await writeFile(path, `${await readFile(path, 'utf8')}Hidden=true\n`);
    expect(await isXdgAutostartEnabled(home)).toBe(false);
  });
});
