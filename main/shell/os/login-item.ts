import type { App } from 'electron';
import { isXdgAutostartEnabled, setXdgAutostart } from './xdg-autostart';

/** Launch at login, the one port the settings handler needs. */
export interface LoginItem {
  set(enabled: boolean): Promise<void>;
  get(): Promise<boolean>;
}

/**
 * macOS and Windows register the app with the system (`setLoginItemSettings`); Linux desktops
 * read an XDG autostart entry. From an AppImage the entry must start the AppImage file, not the
 * binary inside its temporary mount.
 */
export function createLoginItem(
  app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings' | 'getPath'>,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv = process.env,
): LoginItem {
  if (platform === 'linux') {
    return {
      set: (enabled) => setXdgAutostart(enabled, { execPath: env.APPIMAGE ?? app.getPath('exe') }),
      get: () => isXdgAutostartEnabled(),
    };
  }
  return {
    set: async (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
    get: async () => app.getLoginItemSettings().openAtLogin,
  };
}
