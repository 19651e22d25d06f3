import { beforeEach, describe, expect, it, vi } from 'vitest';
import { StandInBrowserWindow } from './electron-stand-in';
import { callsOf, record, resetStandIn, shell } from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

const { createMainWindow, isPermissionGranted } = await import('../../main/shell/window/window');

function makeWindow(quitting = false): StandInBrowserWindow {
  createMainWindow({
    preloadPath: '/app/out/preload/index.js',
    renderer: { kind: 'file', path: '/app/out/renderer/index.html' },
    isQuitting: () => quitting,
  });
  return record.windows.at(-1)!;
}

beforeEach(() => resetStandIn());

describe('main window security', () => {
  it('sets each webPreferences value', () => {
    const window = makeWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.spellcheck).toBe(false);
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'disableBlinkFeatures',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
    expect(prefs.preload).toBe('/app/out/preload/index.js');
    expect(window.options.show).toBe(false);
  });

  it('loads our page: the built file, or the dev server URL', () => {
    expect(makeWindow().loaded).toEqual({ file: '/app/out/renderer/index.html' });
    createMainWindow({
      preloadPath: '/p.js',
      renderer: { kind: 'url', url: 'http://localhost:5173/' },
      isQuitting: () => false,
    });
    expect(record.windows.at(-1)!.loaded).toEqual({ url: 'http://localhost:5173/' });
  });

  it('denies every navigation, redirect and webview', () => {
    const { webContents } = makeWindow();
    for (const url of ['https://evil.example/', 'https://dashboard.calypso.finance/', 'file:///etc/passwd']) {
      expect(webContents.tryNavigate('will-navigate', url).defaultPrevented).toBe(true);
      expect(webContents.tryNavigate('will-redirect', url).defaultPrevented).toBe(true);
    }
    expect(webContents.tryNavigate('will-attach-webview', 'about:blank').defaultPrevented).toBe(true);
  });

  it('denies every new window, sending only allowlisted https URLs to the browser', async () => {
    const { webContents } = makeWindow();
    const allowed = [
      'https://dashboard.calypso.finance/',
      'https://dashboard.calypso.finance/developers/webhooks',
      'https://dashboard.calypso.money/',
      'https://docs.calypso.finance/webhooks',
    ];
    const refused = [
      'http://dashboard.calypso.finance/',
      'https://dashboard.calypso.finance.evil.example/',
      'https://evil.example/?u=https://dashboard.calypso.finance',
      'https://user:pw@dashboard.calypso.finance/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'calypso://x',
      'not a url',
    ];
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const url of [...allowed, ...refused]) {
      expect(webContents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(callsOf('shell.openExternal').map(([url]) => url)).toEqual(allowed);
  });

  it('a page that fails to load is no unhandled rejection in main (the controller reloads it)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const loadFile = vi
      .spyOn(StandInBrowserWindow.prototype, 'loadFile')
      .mockRejectedValueOnce(new Error('ERR_FILE_NOT_FOUND (-6) loading file:///r/index.html'));
    try {
      makeWindow();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(loadFile).toHaveBeenCalledTimes(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      loadFile.mockRestore();
    }
  });

  it('a link the system cannot open (no default browser) is logged, never an unhandled rejection', async () => {
    const { webContents } = makeWindow();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const openExternal = vi
      .spyOn(shell, 'openExternal')
      .mockRejectedValueOnce(new Error('Failed to open https://docs.calypso.finance/webhooks?t=secret'));
    try {
      expect(
        webContents.windowOpenHandler!({ url: 'https://docs.calypso.finance/webhooks?t=secret' }),
      ).toEqual({
        action: 'deny',
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(openExternal).toHaveBeenCalledTimes(1);
      expect(unhandled).toEqual([]);
      expect(warn).toHaveBeenCalledWith(
        'window: could not open a link in the browser (is a default browser set?)',
      );
    } finally {
      process.off('unhandledRejection', onUnhandled);
      openExternal.mockRestore();
    }
  });

  it('grants only the notifications permission, on request and on check', () => {
    const { session } = makeWindow().webContents;
    const permissions = [
      'notifications',
      'media',
      'geolocation',
      'clipboard-read',
      'clipboard-sanitized-write',
      'openExternal',
      'midi',
      'fullscreen',
      'pointerLock',
      'display-capture',
      'hid',
      'serial',
      'usb',
    ];
    for (const permission of permissions) {
      let granted: boolean | null = null;
      session.permissionRequestHandler!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(permission === 'notifications');
      expect(session.permissionCheckHandler!(null, permission), permission).toBe(
        permission === 'notifications',
      );
      expect(isPermissionGranted(permission)).toBe(permission === 'notifications');
    }
  });

  it('hides on close instead of closing, unless the app is quitting', () => {
    const window = makeWindow(false);
    window.show();
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);

    const quittingWindow = makeWindow(true);
    quittingWindow.close();
    expect(quittingWindow.isDestroyed()).toBe(true);
  });

  it('when Windows ends the session, runs the quit path and lets the window close', () => {
    let ended = 0;
    createMainWindow({
      preloadPath: '/app/out/preload/index.js',
      renderer: { kind: 'file', path: '/app/out/renderer/index.html' },
      isQuitting: () => false,
      onSessionEnd: () => (ended += 1),
    });
    const window = record.windows.at(-1)!;
    window.emit('session-end', { reasons: ['logoff'] });
    expect(ended).toBe(1);
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });
});
