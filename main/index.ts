import { app, clipboard, ClipboardItem, dialog, ipcMain, net, Notification, powerMonitor } from 'electron';
import { appPaths } from './shell/os/app-paths';
import { concealedWriter } from './shell/os/concealed-clipboard';
import { confirmWithDialog, showSecretWithDialog } from './shell/window/confirm-dialog';
import { createAppServices } from './core/app-services';
import { DisposableStore, toDisposable } from './common/lifecycle';
import { APP_CA_SETTING, createAppTrust, setProcessTrust } from './core/api';
import { runQuitSteps } from './core/base';
import { syncDockWithWindow } from './shell/os/dock';
import { openExternalSafely } from './shell/window/external-links';
import { forwardAccountSignals } from './ipc/account-signals';
import { createDispatch } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import { registerIpc } from './shell/ipc-register';
import { isTrustedSender } from './ipc/sender-policy';
import { createLoginItem } from './shell/os/login-item';
import { forwardNotification, showNativeNotification } from './shell/window/notifications';
import { watchWakeAndNetwork } from './shell/os/power';
import { claimSingleInstance } from './shell/os/single-instance';
import { createTray } from './shell/tray/tray';
import { createTrayActionRunner } from './shell/tray/tray-actions';
import { createMainWindow } from './shell/window/window';
import { registerAppSchemeAsPrivileged } from './shell/window/app-protocol';
import { createWindowController, type WindowController } from './shell/window/window-controller';

// Composition root: every service and every piece of Electron glue is created here, once.

/** Must match build/electron-builder.yml's appId: Windows shows notifications only for a known AppUserModelID. */
const APP_ID = 'app.webhooktray.desktop';

let quitting = false;
let windows: WindowController | null = null;
registerAppSchemeAsPrivileged(); // Electron accepts it only before the app is ready.

async function main(): Promise<void> {
  if (!claimSingleInstance(app, () => windows?.show())) return;
  // The app lives in the tray: closing the window must not end it (Quit in the tray menu does).
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
  });
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  const paths = appPaths({
    mainDir: __dirname,
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    electronViteMode: process.env.NODE_ENV_ELECTRON_VITE,
  });
  const log = (line: string) => console.log(line);
  // The system's CAs and the extra CA file of Settings: NODE_EXTRA_CA_CERTS is off in the packaged app.
  // Set before the services exist, so that their first poll already trusts them.
  let extraCaFile = (): string | null => null;
  setProcessTrust(createAppTrust(() => extraCaFile(), APP_CA_SETTING));
  const services = await createAppServices({ watchSettings: true, log });
  extraCaFile = () => services.profiles.getAppSettings().extraCaFile;
  // What the app holds until it quits, released together (the last made first) in will-quit.
  const disposables = new DisposableStore();
  const loginItem = createLoginItem(app, process.platform);
  if (services.profiles.getAppSettings().launchAtLogin) {
    // Re-register at each start: an AppImage that was moved needs its autostart entry to follow it.
    loginItem
      .set(true)
      .catch((error: unknown) => log(`main: could not renew launch at login: ${String(error)}`));
  }
  // Confirmations and revealed secrets are dialogs of main, sheets of the window when it is open.
  const parentWindow = () => windows?.current() ?? null;
  const handlers = createHandlers(services, {
    clipboard: {
      readText: () => clipboard.readText(),
      writeText: (text) => clipboard.writeText(text),
      writeConcealed: concealedWriter(clipboard, ClipboardItem, process.platform),
    },
    confirm: (request) => confirmWithDialog(dialog, request, parentWindow()),
    showSecret: (request) => showSecretWithDialog(dialog, request, parentWindow()),
    openExternal: openExternalSafely,
    loginItem,
    appVersion: app.getVersion(),
    showWindow: () => windows?.show(),
    log,
  });

  const controller = createWindowController({
    create: () =>
      createMainWindow({
        preloadPath: paths.preload,
        renderer: paths.renderer,
        isQuitting: () => quitting,
        // The quit path flushes the history and clears a copied webhook secret from the clipboard.
        onSessionEnd: () => {
          quitting = true;
          app.quit();
        },
      }),
    onVisibilityChange: (visible) => syncDockWithWindow(app, process.platform, visible),
    log,
  });
  windows = controller;
  syncDockWithWindow(app, process.platform, false);

  const trusted = () => {
    const window = controller.current();
    return window === null ? null : { webContentsId: window.webContents.id, rendererUrl: paths.rendererUrl };
  };
  registerIpc(
    ipcMain,
    createDispatch(handlers, (sender) => isTrustedSender(sender, trusted())),
  );

  const notify = (title: string, body: string) => showNativeNotification(Notification, title, body);
  // A settings file that could not be read was set aside at start: tell the merchant where it went.
  for (const warning of services.profiles.warnings())
    notify('Webhook Tray settings were reset', warning.message);
  const tray = createTray({
    iconDir: paths.iconDir,
    platform: process.platform,
    log,
    onAction: createTrayActionRunner({
      handlers,
      windows: controller,
      notify,
      quit: () => {
        quitting = true;
        app.quit();
      },
    }),
  });
  disposables.add(toDisposable(() => tray.destroy()));
  tray.update(services.monitor.getSnapshot());
  disposables.add(
    toDisposable(
      services.onSnapshot((snapshot) => {
        tray.update(snapshot);
        controller.push('snapshot', snapshot);
      }),
    ),
  );
  disposables.add(
    toDisposable(services.onNotification((notification) => forwardNotification(controller, notification))),
  );
  // The CLI may add, edit or remove accounts (or change settings) while the app runs: the window
  // re-reads its lists on these signals instead of showing accounts that are gone until reloaded.
  disposables.add(
    toDisposable(forwardAccountSignals(services.profiles, (signal) => controller.push(signal, null))),
  );

  const checkAfterWake = () => {
    // A pause silences the monitor: an automatic check would bring back the events and
    // notifications the merchant asked to be spared. Check now (tray or window) still runs.
    const { pausedUntil, worst } = services.monitor.getSnapshot();
    if (pausedUntil !== null || worst === 'paused') {
      log('main: monitoring is paused, no check after wake or network return');
      return;
    }
    services.monitor
      .checkNow()
      .catch((error: unknown) => log(`main: check after wake failed: ${String(error)}`));
  };
  disposables.add(toDisposable(watchWakeAndNetwork({ powerMonitor, net, checkNow: checkAfterWake })));

  app.on('will-quit', (event) => {
    event.preventDefault();
    // A step that fails is logged and the next ones still run: the app always exits.
    void runQuitSteps(
      [
        ['releasing the tray, subscriptions and watchers', () => disposables.dispose()],
        // A webhook secret copied less than 30 s ago must not outlive the app on the clipboard.
        ['closing the window handlers', () => handlers.dispose()],
        ['closing the services', () => services.close()],
      ],
      log,
    ).then(() => app.exit(0));
  });

  services.start();
  // First run: nothing to watch yet, so open the window on onboarding instead of sitting silent in the tray.
  if (services.knownProfiles().length === 0) controller.show();
}

/** Resolves once the app is up (or has quit as a second instance); tests await it. */
export const started = main().catch((error: unknown) => {
  console.error(`main: the app could not start: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
});
