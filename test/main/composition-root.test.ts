import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callsOf, record, StandInEvent } from './electron-stand-in';
import { contract } from '../../main/ipc/contract';
import type { MonitorSnapshot } from '../../main/core/monitor/types';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../../main/core/sandbox';
import { createProfileService } from '../../main/core/accounts/profile-service';

vi.mock('electron', () => import('./electron-stand-in'));

// main/index.ts runs for real on the stand-in: real core services in a temporary config folder.
let dir: string;
const savedDir = process.env.WEBHOOK_TRAY_CONFIG_DIR;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wt-root-'));
  process.env.WEBHOOK_TRAY_CONFIG_DIR = dir;
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const { started } = await import('../../main/index');
  await started;
});

/** What Electron does on Quit: will-quit, which main/index.ts defers until the services are closed. */
async function quit() {
  const electron = await import('electron');
  electron.app.emit('will-quit', new StandInEvent());
  await vi.waitFor(() => expect(callsOf('app.exit')).toEqual([[0]]));
}

afterAll(async () => {
  if (callsOf('app.exit').length === 0) await quit();
  if (savedDir === undefined) delete process.env.WEBHOOK_TRAY_CONFIG_DIR;
  else process.env.WEBHOOK_TRAY_CONFIG_DIR = savedDir;
  await rm(dir, { recursive: true, force: true });
});

function mainWindow() {
  return record.windows[0]!;
}

function invoke(name: string, payload: unknown, fromUrl?: string) {
  const window = mainWindow();
  const url = fromUrl ?? 'app://renderer/index.html';
  const event = { sender: { id: window.webContents.id }, senderFrame: { url, parent: null } };
  return record.ipcHandlers.get(name)!(event, payload) as Promise<{
    ok: boolean;
    value?: unknown;
    error?: unknown;
  }>;
}

describe('composition root (main/index.ts on the electron stand-in)', () => {
  it('takes the single-instance lock and registers every IPC channel once', () => {
    expect(callsOf('app.requestSingleInstanceLock')).toHaveLength(1);
    expect([...record.ipcHandlers.keys()].sort()).toEqual(
      Object.values(contract)
        .map((c) => c.name)
        .sort(),
    );
  });

  it('first run (no profile): opens the secure window on onboarding and creates the tray', () => {
    expect(record.windows).toHaveLength(1);
    expect(mainWindow().isVisible()).toBe(true);
    expect((mainWindow().options.webPreferences as Record<string, unknown>).preload).toMatch(
      /preload[/\\]index\.js$/,
    );
    expect(mainWindow().loaded).toEqual({ url: 'app://renderer/index.html' });
    expect(record.trays).toHaveLength(1);
    expect(String((record.trays[0]!.image as { path: string }).path)).toMatch(
      /build[/\\]icons[/\\]tray-unknown\.png$/,
    );
  });

  it('declares app:// privileged before the app is ready, and serves the renderer folder there', async () => {
    const order = record.calls.map((c) => c.what);
    expect(order.indexOf('protocol.registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(
      order.indexOf('app.whenReady'),
    );
    expect(callsOf('protocol.registerSchemesAsPrivileged')).toEqual([
      [
        [
          {
            scheme: 'app',
            privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
          },
        ],
      ],
    ]);
    // Loaded beside the main bundle: out/renderer when built (here main/ runs from source: renderer/).
    const page = await mainWindow().webContents.session.protocol.request('app://renderer/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<title>Webhook Tray<\/title>/);
  });

  it('answers our page, refuses a foreign page and a file: page', async () => {
    await expect(invoke('wt:profiles:list', {})).resolves.toEqual({ ok: true, value: [] });
    for (const url of [
      'https://evil.example/',
      'file:///tmp/renderer/index.html',
      'app://other/index.html',
    ]) {
      await expect(invoke('wt:profiles:list', {}, url)).resolves.toMatchObject({
        ok: false,
        error: { kind: 'rejected' },
      });
    }
  });

  it('a second launch focuses the first instance window', async () => {
    const electron = await import('electron');
    mainWindow().hide();
    const focusCount = callsOf('BrowserWindow.focus').length;
    electron.app.emit('second-instance', {}, [], '/');
    expect(mainWindow().isVisible()).toBe(true);
    expect(callsOf('BrowserWindow.focus')).toHaveLength(focusCount + 1);
  });

  it('showWindow (a notification click) brings the hidden window back', async () => {
    mainWindow().hide();
    await expect(invoke('wt:app:show-window', {})).resolves.toEqual({ ok: true, value: { shown: true } });
    expect(mainWindow().isVisible()).toBe(true);
  });

  it('closing the window hides it; the app keeps running in the tray', async () => {
    const electron = await import('electron');
    mainWindow().close();
    expect(mainWindow().isDestroyed()).toBe(false);
    expect(mainWindow().isVisible()).toBe(false);
    expect(electron.app.listenerCount('window-all-closed')).toBeGreaterThan(0);
  });

  it('the sandbox demo feeds the tray and the window; resume from sleep triggers a check', async () => {
    const electron = await import('electron');
    mainWindow().webContents.finishLoad();
    const started = await invoke('wt:sandbox:start', {});
    expect(started).toMatchObject({ ok: true, value: { isSandbox: true } });
    await vi.waitFor(() => expect(record.trays[0]!.tooltip).toMatch(/Sandbox demo/));
    const snapshots = mainWindow().webContents.sent.filter(([channel]) => channel === 'wt:push:snapshot');
    expect(snapshots.length).toBeGreaterThan(0);

    const before = (snapshots.at(-1)![1] as MonitorSnapshot).profiles[0]!.lastPollAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    electron.powerMonitor.emit('resume');
    await vi.waitFor(() => {
      const latest = mainWindow()
        .webContents.sent.filter(([c]) => c === 'wt:push:snapshot')
        .at(-1)![1] as MonitorSnapshot;
      expect(latest.profiles[0]!.lastPollAt).not.toBe(before);
    });
    await expect(invoke('wt:sandbox:stop', {})).resolves.toEqual({ ok: true, value: { stopped: true } });
  });

  it('while monitoring is paused, resume from sleep does not check; Check now still does', async () => {
    const electron = await import('electron');
    const log = vi.mocked(console.log);
    const started = await invoke('wt:sandbox:start', {});
    expect(started).toMatchObject({ ok: true });
    const paused = await invoke('wt:monitor:pause', { until: null });
    expect(paused).toMatchObject({ ok: true, value: { worst: 'paused', pausedUntil: null } });
    const pollsBefore = (paused.value as MonitorSnapshot).profiles.map((p) => p.lastPollAt);
    const pushesBefore = mainWindow().webContents.sent.length;

    log.mockClear();
    electron.powerMonitor.emit('resume');
    expect(log.mock.calls).toEqual([['main: monitoring is paused, no check after wake or network return']]);
    expect(mainWindow().webContents.sent).toHaveLength(pushesBefore);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const checked = await invoke('wt:monitor:check-now', {});
    expect(checked).toMatchObject({ ok: true, value: { worst: 'paused' } });
    const pollsAfter = (checked.value as MonitorSnapshot).profiles.map((p) => p.lastPollAt);
    expect(pollsAfter[0]).not.toBe(pollsBefore[0]);
    // Every snapshot pushed since the pause is the pause itself or the manual check's.
    const pushed = mainWindow()
      .webContents.sent.slice(pushesBefore)
      .filter(([channel]) => channel === 'wt:push:snapshot')
      .map(([, snapshot]) => (snapshot as MonitorSnapshot).profiles[0]!.lastPollAt);
    for (const at of pushed) expect([pollsBefore[0], pollsAfter[0]]).toContain(at);

    await expect(invoke('wt:monitor:resume', {})).resolves.toMatchObject({ ok: true });
    await expect(invoke('wt:sandbox:stop', {})).resolves.toEqual({ ok: true, value: { stopped: true } });
  });

  it('nothing pushed to the window (snapshots, notifications, navigation) carries the API secret', async () => {
    await expect(invoke('wt:sandbox:start', {})).resolves.toMatchObject({ ok: true });
    type Item = { label?: string; click?: () => void };
    const channelItem = () =>
      (record.trays[0]!.menu as { template: Item[] }).template.find(
        (i) => i.label?.startsWith('    ') === true && i.click !== undefined,
      );
    await vi.waitFor(() => expect(channelItem()).toBeDefined());
    channelItem()!.click!();
    const { sent } = mainWindow().webContents;
    await vi.waitFor(() => expect(sent.map(([channel]) => channel)).toContain('wt:push:navigate'));
    expect([...new Set(sent.map(([channel]) => channel))].sort()).toEqual([
      'wt:push:navigate',
      'wt:push:notification',
      'wt:push:snapshot',
    ]);
    expect(JSON.stringify(sent)).not.toContain(DEFAULT_SANDBOX_CREDENTIALS.apiSecret);
    await expect(invoke('wt:sandbox:stop', {})).resolves.toMatchObject({ ok: true });
  });

  it('an account the CLI adds or removes while the app runs makes the window re-read its list', async () => {
    // The CLI is another process on the same settings.json; its keychain is kept in memory here.
    const secrets = new Map<string, string>();
    const cli = createProfileService({
      dir,
      secrets: {
        get: async (id) => secrets.get(id) ?? null,
        set: async (id, secret) => void secrets.set(id, secret),
        delete: async (id) => secrets.delete(id),
      },
    });
    const { sent } = mainWindow().webContents;
    const signals = () => sent.filter(([channel]) => channel === 'wt:push:profiles-changed');
    try {
      // A port nothing listens on: the monitor's polls of this account never leave the machine.
      await cli.add({
        name: 'Shop',
        baseUrl: 'http://127.0.0.1:9',
        account: '0xabc',
        apiKey: 'k',
        apiSecret: 's',
      });
      await vi.waitFor(() => expect(signals()).toHaveLength(1), { timeout: 20_000, interval: 100 });
      expect(signals()[0]).toEqual(['wt:push:profiles-changed', null]);
      expect(sent.some(([channel]) => channel === 'wt:push:settings-changed')).toBe(true);
      const listed = await invoke('wt:profiles:list', {});
      expect((listed.value as { id: string }[]).map((p) => p.id)).toContain('shop');

      await cli.remove('shop');
      await vi.waitFor(() => expect(signals().length).toBeGreaterThan(1), { timeout: 20_000, interval: 100 });
      const after = await invoke('wt:profiles:list', {});
      expect((after.value as { id: string }[]).map((p) => p.id)).not.toContain('shop');
    } finally {
      cli.close();
    }
  }, 45_000);

  // Last: it quits the app.
  it('quitting within 30 s of a copy takes the webhook secret off the clipboard, and releases what the app held', async () => {
    const electron = await import('electron');
    expect(electron.powerMonitor.listenerCount('resume')).toBe(1);
    expect(record.trays.map((tray) => tray.destroyed)).toEqual([false]);
    const started = await invoke('wt:sandbox:start', {});
    const profileId = (started.value as { id: string }).id;
    const listed = await invoke('wt:subs:list', { profileId });
    const requestId = (listed.value as { requestId: string }[])[0]!.requestId;
    await expect(invoke('wt:subs:copy-secret', { profileId, requestId })).resolves.toMatchObject({
      ok: true,
    });
    // Reveal shows the secret in main's dialog; the window's answer holds nothing secret.
    const revealed = await invoke('wt:subs:reveal-secret', { profileId, requestId });
    expect(revealed).toEqual({ ok: true, value: { shown: true } });
    const shown = callsOf('dialog.showMessageBox').at(-1)!.at(-1) as { detail: string };
    expect(shown.detail).toMatch(/\S{8,}/);
    // The copy went out with the platform's concealed marker, in one write.
    expect(callsOf('clipboard.write')).toHaveLength(1);
    expect(record.clipboardText).toBe(shown.detail);
    await quit();
    expect(record.clipboardText).toBe('');
    // The tray and the wake watch, released together on quit.
    expect(record.trays.map((tray) => tray.destroyed)).toEqual([true]);
    expect(electron.powerMonitor.listenerCount('resume')).toBe(0);
  });
});
