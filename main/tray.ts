import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { MonitorSnapshot } from './core/health/types';
import {
  buildTrayMenu,
  trayIconFile,
  trayIconState,
  trayTooltip,
  type TrayAction,
  type TrayMenuItem,
} from './tray-menu';

export interface TrayControllerOptions {
  /** The folder with the tray PNGs (build/icons, or resources/icons when packaged). */
  iconDir: string;
  platform: NodeJS.Platform;
  onAction: (action: TrayAction) => void;
}

export interface TrayController {
  update(snapshot: MonitorSnapshot): void;
  destroy(): void;
}

function toElectronItem(
  item: TrayMenuItem,
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions {
  if (item.kind === 'separator') return { type: 'separator' };
  const options: MenuItemConstructorOptions = { label: item.label, enabled: item.enabled };
  if (item.kind === 'submenu') options.submenu = (item.submenu ?? []).map((i) => toElectronItem(i, onAction));
  const { action } = item;
  if (action !== undefined) options.click = () => onAction(action);
  return options;
}

/**
 * The tray icon, tooltip and menu. All content comes from the pure `tray-menu` functions; this
 * only hands it to Electron, and rebuilds when the snapshot changes.
 */
export function createTray(options: TrayControllerOptions): TrayController {
  const iconFor = (snapshot: MonitorSnapshot) =>
    nativeImage.createFromPath(
      join(options.iconDir, trayIconFile(trayIconState(snapshot.worst), options.platform)),
    );
  const tray = new Tray(
    nativeImage.createFromPath(join(options.iconDir, trayIconFile('unknown', options.platform))),
  );
  tray.setToolTip('Webhook Tray');
  // On Linux a left click only opens the menu; on macOS and Windows a click should open the window.
  tray.on('click', () => options.onAction({ type: 'open' }));
  let lastKey = '';

  return {
    update(snapshot) {
      const menu = buildTrayMenu(snapshot);
      const tooltip = trayTooltip(snapshot);
      const key = JSON.stringify([snapshot.worst, tooltip, menu]);
      if (key === lastKey) return;
      lastKey = key;
      tray.setImage(iconFor(snapshot));
      tray.setToolTip(tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(menu.map((item) => toElectronItem(item, options.onAction))));
    },
    destroy() {
      tray.destroy();
    },
  };
}
