import type { App } from 'electron';

/**
 * macOS: the app lives in the menu bar, so the Dock icon shows only while the window is
 * visible (the packaged app sets LSUIElement, so it starts without one). Other systems have no Dock.
 */
export function syncDockWithWindow(app: App, platform: NodeJS.Platform, visible: boolean): void {
  if (platform !== 'darwin' || app.dock === undefined) return;
  if (visible) void app.dock.show();
  else app.dock.hide();
}
