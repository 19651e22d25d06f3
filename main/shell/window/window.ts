import { BrowserWindow } from 'electron';
import { serveRendererFolder } from './app-protocol';
import { openExternalSafely } from './external-links';

/**
 * Where the renderer comes from: the dev server in development, otherwise the built renderer
 * folder served as app:// (`url` is the page to load, `root` the only folder it may read).
 */
export type RendererSource = { kind: 'url'; url: string } | { kind: 'app'; url: string; root: string };

export interface MainWindowOptions {
  preloadPath: string;
  renderer: RendererSource;
  /** True once the merchant chose Quit: only then does closing the window really close it. */
  isQuitting: () => boolean;
  /**
   * Windows is ending the session (shutdown, restart, logoff): Electron then emits no before-quit,
   * so the app must run its quit path itself. The window closes for real from then on.
   */
  onSessionEnd?: () => void;
}

/** The only permission the window may have: showing desktop notifications. */
export function isPermissionGranted(permission: string): boolean {
  return permission === 'notifications';
}

/**
 * Creates the app window, hidden: the caller shows it when wanted. Navigation away from our page
 * and new windows are denied (allowlisted https links go to the browser instead), permissions
 * other than notifications are refused, and closing only hides the window until Quit.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 980,
    height: 720,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Webhook Tray',
    autoHideMenuBar: true,
    // Written out here, not built elsewhere, so that scanners such as Electronegativity can see them.
    // The renderer is an isolated, sandboxed web page with no Node and the same-origin policy on.
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click would otherwise ask for a new window (denied anyway by the open handler below).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  const { webContents } = window;

  webContents.on('will-navigate', (event) => event.preventDefault());
  webContents.on('will-redirect', (event) => event.preventDefault());
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(({ url }) => {
    // No browser to hand the link to (a kiosk, a broken default) is not worth an unhandled rejection.
    // The error is not logged: its text may quote the URL, whose query could carry a token.
    openExternalSafely(url).catch(() => {
      console.warn('window: could not open a link in the browser (is a default browser set?)');
    });
    return { action: 'deny' };
  });
  webContents.session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionGranted(permission)),
  );
  webContents.session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));

  let sessionEnding = false;
  // Windows only: holding the window open here would hold up the shutdown or logoff.
  window.on('session-end', () => {
    sessionEnding = true;
    options.onSessionEnd?.();
  });
  window.on('close', (event) => {
    if (options.isQuitting() || sessionEnding) return;
    event.preventDefault();
    window.hide();
  });

  if (options.renderer.kind === 'app') serveRendererFolder(webContents.session, options.renderer.root);
  // A failed load is reported (did-fail-load) and retried by the window controller; the promise's
  // rejection says the same and must not surface as an unhandled rejection in main.
  window.loadURL(options.renderer.url).catch(() => undefined);
  return window;
}
