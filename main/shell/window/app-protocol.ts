import { protocol, type Session } from 'electron';
import { APP_SCHEME, createAppRequestHandler } from './app-scheme';

/**
 * Declares app:// a standard, secure scheme (an origin of its own, relative URLs, fetch) instead
 * of loading the page from file://, whose pages may read any local file. Electron accepts this
 * only before the app is ready, so main/index.ts calls it as the module loads.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // The built page loads its module scripts with `crossorigin`: CORS mode needs corsEnabled.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Serves the built renderer folder (and nothing else) as app://renderer/ in the window's session. */
export function serveRendererFolder(session: Session, root: string): void {
  // The window is created again after it was destroyed; its session keeps the handler.
  if (session.protocol.isProtocolHandled(APP_SCHEME)) return;
  session.protocol.handle(APP_SCHEME, createAppRequestHandler(root));
}
