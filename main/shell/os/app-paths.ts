import { join } from 'node:path';
import { isLoopbackHost } from '../../common/url-rules';
import { APP_ENTRY_URL } from '../window/app-scheme';
import type { RendererSource } from '../window/window';

export interface AppPathsInput {
  /** The folder of the built main bundle (`out/main`). */
  mainDir: string;
  isPackaged: boolean;
  /** The app's root folder (`app.getAppPath()`). */
  appPath: string;
  /** `process.resourcesPath` of the packaged app. */
  resourcesPath: string;
  /** electron-vite's dev server URL (`ELECTRON_RENDERER_URL`), set by `electron-vite dev`. */
  devServerUrl: string | undefined;
  /** `NODE_ENV_ELECTRON_VITE`: `development` only under `electron-vite dev`. */
  electronViteMode: string | undefined;
}

export interface AppPaths {
  preload: string;
  renderer: RendererSource;
  /** The URL our renderer has once loaded: what the IPC sender check compares against. */
  rendererUrl: string;
  /** The folder holding the tray PNGs. */
  iconDir: string;
}

/** Where the built pieces are, in development and when packaged (electron-builder copies the icons to resources/icons). */
export function appPaths(input: AppPathsInput): AppPaths {
  const preload = join(input.mainDir, '..', 'preload', 'index.js');
  const iconDir = input.isPackaged
    ? join(input.resourcesPath, 'icons')
    : join(input.appPath, 'build', 'icons');
  const devServerUrl = trustedDevServerUrl(input);
  if (devServerUrl !== null) {
    return { preload, renderer: { kind: 'url', url: devServerUrl }, rendererUrl: devServerUrl, iconDir };
  }
  const root = join(input.mainDir, '..', 'renderer');
  return {
    preload,
    renderer: { kind: 'app', url: APP_ENTRY_URL, root },
    rendererUrl: APP_ENTRY_URL,
    iconDir,
  };
}

/**
 * The dev server URL, honoured only under `electron-vite dev` of an unpackaged app and only for
 * plain http on this machine: an environment variable must not point the window (and the IPC
 * trust that follows it) at a page elsewhere.
 */
export function trustedDevServerUrl(
  input: Pick<AppPathsInput, 'isPackaged' | 'devServerUrl' | 'electronViteMode'>,
): string | null {
  if (input.isPackaged || input.electronViteMode !== 'development' || !input.devServerUrl) return null;
  let url: URL;
  try {
    url = new URL(input.devServerUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || url.username !== '' || url.password !== '') return null;
  return isLoopbackHost(url.hostname) ? url.href : null;
}
