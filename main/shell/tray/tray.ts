import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { MonitorSnapshot } from '../../core/monitor';
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
  /** Carries out a click; a rejection is logged (a menu click has nobody to report to). */
  onAction: (action: TrayAction) => Promise<void> | void;
  /** Defaults to console.error. */
  log?: (line: string) => void;
}

export interface TrayController {
  update(snapshot: MonitorSnapshot): void;
  destroy(): void;
}

type RunAction = (action: TrayAction) => void;

function toElectronItem(item: TrayMenuItem, run: RunAction): MenuItemConstructorOptions {
  if (item.kind === 'separator') return { type: 'separator' };
  const options: MenuItemConstructorOptions = { label: item.label, enabled: item.enabled };
  if (item.kind === 'submenu') options.submenu = (item.submenu ?? []).map((i) => toElectronItem(i, run));
  const { action } = item;
  if (action !== undefined) options.click = () => run(action);
  return options;
}

/**
 * The tray icon, tooltip and menu. All content comes from the pure `tray-menu` functions; this
 * only hands it to Electron, and rebuilds when the snapshot changes.
 */
export function createTray(options: TrayControllerOptions): TrayController {
  const log = options.log ?? ((line: string) => console.error(line));
  // Electron ignores what a click handler returns: without this catch a failure (a native dialog
  // that could not open...) would be an unhandled rejection.
  const run: RunAction = (action) => {
    // Called at once (menu order is kept); a synchronous throw becomes a rejection too.
    (async () => options.onAction(action))().catch((error: unknown) =>
      log(
        `tray: the "${action.type}" action failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  };
  const iconFor = (snapshot: MonitorSnapshot) =>
    nativeImage.createFromPath(
      join(options.iconDir, trayIconFile(trayIconState(snapshot.worst), options.platform)),
    );
  const tray = new Tray(
    nativeImage.createFromPath(join(options.iconDir, trayIconFile('unknown', options.platform))),
  );
  tray.setToolTip('Webhook Tray');
  // On Linux a left click only opens the menu; on macOS and Windows a click should open the window.
  tray.on('click', () => run({ type: 'open' }));
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
      tray.setContextMenu(Menu.buildFromTemplate(menu.map((item) => toElectronItem(item, run))));
    },
    destroy() {
      tray.destroy();
    },
  };
}
