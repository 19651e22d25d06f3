import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callsOf, record, resetStandIn } from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

const electron = await import('electron');
const { claimSingleInstance } = await import('../../main/shell/os/single-instance');
const { watchWakeAndNetwork } = await import('../../main/shell/os/power');
const { createLoginItem } = await import('../../main/shell/os/login-item');

beforeEach(() => resetStandIn());

describe('single instance', () => {
  it('the first instance keeps the lock and a second launch calls back into it', () => {
    const focus = vi.fn();
    expect(claimSingleInstance(electron.app, focus)).toBe(true);
    electron.app.emit('second-instance', {}, ['webhook-tray'], '/');
    expect(focus).toHaveBeenCalledTimes(1);
    expect(callsOf('app.quit')).toEqual([]);
  });

  it('a second instance quits at once', () => {
    record.singleInstanceLock = false;
    const focus = vi.fn();
    expect(claimSingleInstance(electron.app, focus)).toBe(false);
    expect(callsOf('app.quit')).toHaveLength(1);
    expect(electron.app.listenerCount('second-instance')).toBe(0);
  });
});

describe('wake and network', () => {
  function setup() {
    const checks: number[] = [];
    let tick: (() => void) | null = null;
    let online = true;
    const powerMonitor = new EventEmitter();
    const stop = watchWakeAndNetwork({
      powerMonitor: powerMonitor as never,
      net: { isOnline: () => online },
      checkNow: () => checks.push(1),
      setInterval: (callback) => {
        tick = callback;
        return 1;
      },
      clearInterval: () => {
        tick = null;
      },
    });
    return {
      checks,
      powerMonitor,
      stop,
      tick: () => tick?.(),
      setOnline: (value: boolean) => {
        online = value;
      },
    };
  }

  it('resume from sleep triggers a check', () => {
    const s = setup();
    s.powerMonitor.emit('resume');
    expect(s.checks).toHaveLength(1);
  });

  it('the network coming back triggers one check; staying online or offline does not', () => {
    const s = setup();
    s.tick();
    expect(s.checks).toHaveLength(0);
    s.setOnline(false);
    s.tick();
    s.tick();
    expect(s.checks).toHaveLength(0);
    s.setOnline(true);
    s.tick();
    s.tick();
    expect(s.checks).toHaveLength(1);
  });

  it('stops listening when disposed', () => {
    const s = setup();
    s.stop();
    s.powerMonitor.emit('resume');
    expect(s.checks).toHaveLength(0);
    expect(s.powerMonitor.listenerCount('resume')).toBe(0);
  });
});

describe('launch at login', () => {
  let home: string;
  const saved = process.env.XDG_CONFIG_HOME;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'wt-login-'));
    process.env.XDG_CONFIG_HOME = home;
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = saved;
    await rm(home, { recursive: true, force: true });
  });

  for (const platform of ['darwin', 'win32'] as const) {
    it(`${platform}: registers with the system`, async () => {
      const item = createLoginItem(electron.app, platform);
      await item.set(true);
      expect(await item.get()).toBe(true);
      await item.set(false);
      expect(callsOf('app.setLoginItemSettings')).toEqual([
        [{ openAtLogin: true }],
        [{ openAtLogin: false }],
      ]);
    });
  }

  it('linux: writes and removes an XDG autostart entry for the app binary', async () => {
    const item = createLoginItem(electron.app, 'linux', {});
    await item.set(true);
    const text = await readFile(join(home, 'autostart', 'webhook-tray.desktop'), 'utf8');
    expect(text).toContain('Exec="/opt/Webhook Tray/webhook-tray"');
    expect(await item.get()).toBe(true);
    await item.set(false);
    expect(await item.get()).toBe(false);
    expect(callsOf('app.setLoginItemSettings')).toEqual([]);
  });

  it('linux, from an AppImage: the entry starts the AppImage file', async () => {
    const item = createLoginItem(electron.app, 'linux', { APPIMAGE: '/home/m/Apps/Webhook-Tray.AppImage' });
    await item.set(true);
    const text = await readFile(join(home, 'autostart', 'webhook-tray.desktop'), 'utf8');
    expect(text).toContain('Exec=/home/m/Apps/Webhook-Tray.AppImage\n');
  });
});
