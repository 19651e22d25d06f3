import type { App } from 'electron';

/**
 * Takes the single-instance lock. A second launch quits at once and the first instance gets
 * `onSecondLaunch` (it shows its window). Returns false in the instance that must quit.
 */
export function claimSingleInstance(app: App, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondLaunch());
  return true;
}
