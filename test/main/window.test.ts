import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { StandInBrowserWindow } from './electron-stand-in';
import { callsOf, record, resetStandIn, shell } from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

const { createMainWindow, isPermissionGranted } = await import('../../main/shell/window/window');

/** A real built-renderer folder, with a secret file beside it that the window must never read. */
let base: string;
let root: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'wt-window-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>ours</title>');
  await writeFile(join(root, 'assets', 'index.js'), 'console.log(1)');
  await writeFile(join(base, 'secret.txt'), 'not for the window');
});
afterAll(() => rm(base, { recursive: true, force: true }));

function makeWindow(quitting = false): StandInBrowserWindow {
  createMainWindow({
    preloadPath: '/app/out/preload/index.js',
    renderer: { kind: 'app', url: 'app://renderer/index.html', root },
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

  it('loads our page: app://renderer/index.html, or the dev server URL', () => {
    expect(makeWindow().loaded).toEqual({ url: 'app://renderer/index.html' });
    createMainWindow({
      preloadPath: '/p.js',
      renderer: { kind: 'url', url: 'http://localhost:5173/' },
      isQuitting: () => false,
    });
    expect(record.windows.at(-1)!.loaded).toEqual({ url: 'http://localhost:5173/' });
  });

  it("serves app:// from the window's session: the renderer folder, with the CSP header, nothing beside it", async () => {
    const { session } = makeWindow().webContents;
    const page = await session.protocol.request('app://renderer/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html><title>ours</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const script = await session.protocol.request('app://renderer/assets/index.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const url of [
      'app://renderer/../secret.txt',
      'app://renderer/..%2fsecret.txt',
      'app://other/secret.txt',
    ]) {
      const refused = await session.protocol.request(url);
      expect(refused.status, url).toBe(404);
      expect(await refused.text(), url).not.toContain('not for the window');
    }
  });

  it('a window made again (after it was destroyed) reuses the handler of its session', () => {
    makeWindow(true).close();
    makeWindow();
    expect(callsOf('session.protocol.handle')).toEqual([['app']]);
  });

  it('the dev server page registers no app:// handler', () => {
    createMainWindow({
      preloadPath: '/p.js',
      renderer: { kind: 'url', url: 'http://localhost:5173/' },
      isQuitting: () => false,
    });
    expect(record.windows.at(-1)!.webContents.session.protocol.isProtocolHandled('app')).toBe(false);
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
    const loadURL = vi
      .spyOn(StandInBrowserWindow.prototype, 'loadURL')
      .mockRejectedValueOnce(new Error('ERR_FILE_NOT_FOUND (-6) loading app://renderer/index.html'));
    try {
      makeWindow();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(loadURL).toHaveBeenCalledTimes(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      loadURL.mockRestore();
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
      renderer: { kind: 'app', url: 'app://renderer/index.html', root },
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
