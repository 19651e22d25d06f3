import { describe, expect, it } from 'vitest';
import { configDir } from '../../../main/core/storage/config-dir';

describe('configDir', () => {
  it('uses WEBHOOK_TRAY_CONFIG_DIR over everything', () => {
    expect(
      configDir({
        env: { WEBHOOK_TRAY_CONFIG_DIR: '/x/y', XDG_CONFIG_HOME: '/c' },
        platform: 'linux',
        home: '/h',
      }),
    ).toBe('/x/y');
  });

  it('follows XDG on Linux, defaulting to ~/.config', () => {
    expect(configDir({ env: { XDG_CONFIG_HOME: '/c' }, platform: 'linux', home: '/h' })).toBe(
      '/c/webhook-tray',
    );
    expect(configDir({ env: {}, platform: 'linux', home: '/h' })).toBe('/h/.config/webhook-tray');
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(configDir({ env: { XDG_CONFIG_HOME: 'rel' }, platform: 'linux', home: '/h' })).toBe(
      '/h/.config/webhook-tray',
    );
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(configDir({ env: {}, platform: 'darwin', home: '/Users/m' })).toBe(
      '/Users/m/Library/Application Support/webhook-tray',
    );
    expect(
      configDir({
        env: { APPDATA: 'C:\\Users\\m\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\m',
      }),
    ).toBe('C:\\Users\\m\\AppData\\Roaming\\webhook-tray');
  });
});
