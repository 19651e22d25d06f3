import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callsOf, record, resetStandIn } from './electron-stand-in';
import { snapshotsByState } from './snapshots';

vi.mock('electron', () => import('./electron-stand-in'));

const electron = await import('electron');
const { createWindowController, MAX_QUEUED_NOTIFICATIONS } =
  await import('../../main/shell/window/window-controller');
const { createMainWindow } = await import('../../main/shell/window/window');
const { syncDockWithWindow } = await import('../../main/shell/os/dock');

function controller(platform: NodeJS.Platform = 'darwin') {
  return createWindowController({
    create: () =>
      createMainWindow({
        preloadPath: '/p.js',
        renderer: { kind: 'app', url: 'app://renderer/index.html', root: '/r' },
        isQuitting: () => false,
      }),
    onVisibilityChange: (visible) => syncDockWithWindow(electron.app, platform, visible),
  });
}

beforeEach(() => resetStandIn());

describe('window controller', () => {
  it('creates the window once, shows and focuses it, and reuses it', () => {
    const windows = controller();
    expect(windows.current()).toBeNull();
    windows.show();
    windows.show();
    expect(record.windows).toHaveLength(1);
    expect(record.windows[0]!.isVisible()).toBe(true);
    expect(callsOf('BrowserWindow.focus')).toHaveLength(2);
  });

  it('opens on a channel: the navigate push waits for the page to load', () => {
    const windows = controller();
    windows.show({ profileId: 'live', requestId: 'r1' });
    const { webContents } = record.windows[0]!;
    expect(webContents.sent).toEqual([]);
    webContents.finishLoad();
    expect(webContents.sent).toEqual([['wt:push:navigate', { profileId: 'live', requestId: 'r1' }]]);
    windows.show({ profileId: 'live', requestId: 'r2' });
    expect(webContents.sent.at(-1)).toEqual(['wt:push:navigate', { profileId: 'live', requestId: 'r2' }]);
  });

  it('pushes snapshots only to an existing window, but creates a hidden one for a notification', () => {
    const windows = controller();
    windows.push('snapshot', snapshotsByState.ok);
    expect(record.windows).toHaveLength(0);
    const notification = {
      kind: 'blocked' as const,
      title: 'Webhook blocked',
      body: 'x',
      urgency: 'critical' as const,
      profileId: 'live',
      requestId: 'r1',
      tag: 'live/r1/t',
    };
    windows.push('notification', notification, { create: true });
    expect(record.windows).toHaveLength(1);
    const window = record.windows[0]!;
    expect(window.isVisible()).toBe(false);
    window.webContents.finishLoad();
    expect(window.webContents.sent).toEqual([['wt:push:notification', notification]]);
    windows.push('snapshot', snapshotsByState.ok);
    expect(window.webContents.sent.at(-1)).toEqual(['wt:push:snapshot', snapshotsByState.ok]);
  });

  it('while the page loads, keeps only the latest snapshot and the last notifications', () => {
    const windows = controller();
    const notifications = Array.from({ length: MAX_QUEUED_NOTIFICATIONS + 15 }, (_, n) => ({
      kind: 'failing' as const,
      title: `Webhook failing ${n}`,
      body: 'x',
      urgency: 'normal' as const,
      profileId: 'live',
      requestId: `r${n}`,
      tag: `live/r${n}/t`,
    }));
    windows.push('notification', notifications[0]!, { create: true });
    for (let poll = 0; poll < 500; poll++) windows.push('snapshot', snapshotsByState.warning);
    windows.push('snapshot', snapshotsByState.critical);
    for (const notification of notifications.slice(1)) windows.push('notification', notification);
    windows.show({ profileId: 'live', requestId: 'r1' });
    windows.show({ profileId: 'live', requestId: 'r2' });

    const { webContents } = record.windows[0]!;
    webContents.finishLoad();
    expect(webContents.sent).toEqual([
      ['wt:push:snapshot', snapshotsByState.critical],
      ...notifications.slice(-MAX_QUEUED_NOTIFICATIONS).map((n) => ['wt:push:notification', n]),
      ['wt:push:navigate', { profileId: 'live', requestId: 'r2' }],
    ]);
    expect(MAX_QUEUED_NOTIFICATIONS).toBe(20);
  });

  it('re-read signals: dropped without a window, kept once while the page loads, sent at once after', () => {
    const windows = controller();
    windows.push('profilesChanged', null);
    expect(record.windows).toHaveLength(0);

    windows.show();
    windows.push('profilesChanged', null);
    windows.push('settingsChanged', null);
    windows.push('profilesChanged', null);
    const { webContents } = record.windows[0]!;
    expect(webContents.sent).toEqual([]);
    webContents.finishLoad();
    expect(webContents.sent).toEqual([
      ['wt:push:profiles-changed', null],
      ['wt:push:settings-changed', null],
    ]);
    windows.push('profilesChanged', null);
    expect(webContents.sent.at(-1)).toEqual(['wt:push:profiles-changed', null]);
  });

  it('recreates a window that was destroyed', () => {
    const windows = controller();
    windows.show();
    record.windows[0]!.destroyed = true;
    record.windows[0]!.emit('closed');
    expect(windows.current()).toBeNull();
    windows.show();
    expect(record.windows).toHaveLength(2);
  });

  it('macOS: the Dock icon shows with the window and hides with it; elsewhere the Dock is left alone', () => {
    const mac = controller('darwin');
    mac.show();
    record.windows[0]!.close();
    expect(record.calls.map((c) => c.what).filter((w) => w.startsWith('dock.'))).toEqual([
      'dock.show',
      'dock.hide',
    ]);

    resetStandIn();
    const linux = controller('linux');
    linux.show();
    record.windows[0]!.close();
    expect(record.calls.filter((c) => c.what.startsWith('dock.'))).toEqual([]);
  });
});
