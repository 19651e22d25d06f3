import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** The folder name under the platform's per-user configuration root. */
export const CONFIG_FOLDER_NAME = 'webhook-tray';

export interface ConfigDirContext {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * The per-user folder that holds settings.json. The CLI and the Electron app both call this, so they
 * see the same profiles; that is also why it does not use Electron's `app.getPath('userData')`.
 * `WEBHOOK_TRAY_CONFIG_DIR` overrides everything (tests, portable setups).
 */
export function configDir(context: ConfigDirContext = {}): string {
  const env = context.env ?? process.env;
  const platform = context.platform ?? process.platform;
  const home = context.home ?? homedir();
  const override = env.WEBHOOK_TRAY_CONFIG_DIR;
  if (override !== undefined && override.trim() !== '') return override;
  if (platform === 'win32') {
    const appData = env.APPDATA;
    const roaming =
      appData !== undefined && appData !== '' ? appData : win32.join(home, 'AppData', 'Roaming');
    return win32.join(roaming, CONFIG_FOLDER_NAME);
  }
  const { join } = posix;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', CONFIG_FOLDER_NAME);
  // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && xdg.startsWith('/') ? xdg : join(home, '.config');
  return join(base, CONFIG_FOLDER_NAME);
}

/** Owner only: the folder holds the profiles, the notification history and the settings lock. */
export const CONFIG_DIR_MODE = 0o700;

/**
 * Creates the config folder owner-only, and on POSIX tightens one that an older version (or the
 * merchant) left open to others, so other local users cannot list or replace its files.
 */
export function ensurePrivateConfigDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: CONFIG_DIR_MODE });
  if (platform === 'win32') return;
  const { mode, uid } = statSync(dir);
  // A folder someone else owns (a shared override) is not ours to change.
  if ((mode & 0o077) !== 0 && uid === process.getuid?.()) chmodSync(dir, CONFIG_DIR_MODE);
}
