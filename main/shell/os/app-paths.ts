import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RendererSource } from '../window/window';

export interface AppPathsInput {
  /** The folder of the built main bundle (`out/main`). */
  mainDir: string;
  isPackaged: boolean;
  /** The app's root folder (`app.getAppPath()`). */
  appPath: string;
  /** `process.resourcesPath` of the packaged app. */
  resourcesPath: string;
  /** electron-vite's dev server URL, set only by `electron-vite dev`. */
  devServerUrl: string | undefined;
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
  if (!input.isPackaged && input.devServerUrl !== undefined && input.devServerUrl !== '') {
    return {
      preload,
      renderer: { kind: 'url', url: input.devServerUrl },
      rendererUrl: input.devServerUrl,
      iconDir,
    };
  }
  const file = join(input.mainDir, '..', 'renderer', 'index.html');
  return { preload, renderer: { kind: 'file', path: file }, rendererUrl: pathToFileURL(file).href, iconDir };
}
