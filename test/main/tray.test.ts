import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { record, resetStandIn } from './electron-stand-in';
import { snapshotsByState } from './snapshots';
import type { TrayAction } from '../../main/shell/tray/tray-menu';

vi.mock('electron', () => import('./electron-stand-in'));

const { createTray } = await import('../../main/shell/tray/tray');

type Item = { label?: string; type?: string; click?: () => void; submenu?: Item[] };

beforeEach(() => resetStandIn());

describe('tray glue', () => {
  it('starts with the unknown icon, then shows the icon, tooltip and menu of each snapshot', () => {
    const actions: TrayAction[] = [];
    const tray = createTray({ iconDir: '/icons', platform: 'linux', onAction: (a) => void actions.push(a) });
    const standIn = record.trays[0]!;
    expect(standIn.image).toEqual({ path: join('/icons', 'tray-unknown.png') });

    tray.update(snapshotsByState.critical);
    expect(standIn.image).toEqual({ path: join('/icons', 'tray-critical.png') });
    expect(standIn.tooltip).toMatch(/^Webhook Tray: 1 blocked, 1 failing, 1 disabled/);
    const template = (standIn.menu as { template: Item[] }).template;
    expect(template[0]).toEqual({ label: '1 blocked, 1 failing, 1 disabled', enabled: false });
    expect(template[1]).toEqual({ type: 'separator' });

    template.find((i) => i.label?.includes('/a '))!.click!();
    template.find((i) => i.label === 'Pause monitoring')!.submenu![1]!.click!();
    template.find((i) => i.label === 'Quit')!.click!();
    expect(actions).toEqual([
      { type: 'open-channel', profileId: 'live', requestId: 'a' },
      { type: 'pause', minutes: 60 },
      { type: 'quit' },
    ]);
  });

  it('uses template images on macOS', () => {
    const tray = createTray({ iconDir: '/icons', platform: 'darwin', onAction: () => undefined });
    tray.update(snapshotsByState.ok);
    expect(record.trays[0]!.image).toEqual({ path: join('/icons', 'tray-okTemplate.png') });
  });

  it('does not rebuild the menu for an identical snapshot', () => {
    const tray = createTray({ iconDir: '/icons', platform: 'linux', onAction: () => undefined });
    tray.update(snapshotsByState.warning);
    tray.update(structuredClone(snapshotsByState.warning));
    expect(record.menus).toHaveLength(1);
    tray.update(snapshotsByState.ok);
    expect(record.menus).toHaveLength(2);
  });

  it('a menu action that fails is logged, never left as an unhandled rejection', async () => {
    const lines: string[] = [];
    const tray = createTray({
      iconDir: '/icons',
      platform: 'linux',
      onAction: (action) =>
        action.type === 'quit'
          ? Promise.reject(new Error('showMessageBox failed'))
          : (() => {
              throw new Error('no window');
            })(),
      log: (line) => lines.push(line),
    });
    tray.update(snapshotsByState.ok);
    const template = (record.trays[0]!.menu as { template: Item[] }).template;
    template.find((i) => i.label === 'Quit')!.click!();
    record.trays[0]!.emit('click');
    await vi.waitFor(() =>
      expect(lines.sort()).toEqual([
        'tray: the "open" action failed: no window',
        'tray: the "quit" action failed: showMessageBox failed',
      ]),
    );
  });

  it('a click on the icon opens the window', () => {
    const actions: TrayAction[] = [];
    createTray({ iconDir: '/icons', platform: 'win32', onAction: (a) => void actions.push(a) });
    record.trays[0]!.emit('click');
    expect(actions).toEqual([{ type: 'open' }]);
  });
});
