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
