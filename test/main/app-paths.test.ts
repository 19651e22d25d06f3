import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths, trustedDevServerUrl } from '../../main/shell/os/app-paths';

const base = {
  mainDir: join('/opt', 'wt', 'out', 'main'),
  appPath: join('/opt', 'wt'),
  resourcesPath: join('/opt', 'wt', 'resources'),
};
const dev = { isPackaged: false, electronViteMode: 'development' };

describe('appPaths: where the window page comes from', () => {
  it('serves the built renderer folder as app://renderer/index.html', () => {
    const paths = appPaths({
      ...base,
      isPackaged: true,
      devServerUrl: undefined,
      electronViteMode: undefined,
    });
    expect(paths.renderer).toEqual({
      kind: 'app',
      url: 'app://renderer/index.html',
      root: join('/opt', 'wt', 'out', 'renderer'),
    });
    expect(paths.rendererUrl).toBe('app://renderer/index.html');
  });

  it('loads the dev server under `electron-vite dev` of an unpackaged app', () => {
    const paths = appPaths({ ...base, ...dev, devServerUrl: 'http://localhost:5173' });
    expect(paths.renderer).toEqual({ kind: 'url', url: 'http://localhost:5173/' });
    expect(paths.rendererUrl).toBe('http://localhost:5173/');
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app or outside `electron-vite dev`', () => {
    const url = 'http://localhost:5173';
    for (const input of [
      { isPackaged: true, electronViteMode: 'development' },
      { isPackaged: false, electronViteMode: undefined },
      { isPackaged: false, electronViteMode: 'production' },
    ]) {
      const paths = appPaths({ ...base, ...input, devServerUrl: url });
      expect(paths.rendererUrl, JSON.stringify(input)).toBe('app://renderer/index.html');
    }
  });

  it('ignores a dev server URL that is not plain http on this machine', () => {
    for (const url of [
      'https://localhost:5173/',
      'http://evil.example:5173/',
      'http://192.168.1.10:5173/',
      'http://localhost.evil.example/',
      'http://user:pw@localhost:5173/',
      'file:///tmp/evil.html',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(trustedDevServerUrl({ ...dev, devServerUrl: url }), url).toBeNull();
      expect(appPaths({ ...base, ...dev, devServerUrl: url }).rendererUrl, url).toBe(
        'app://renderer/index.html',
      );
    }
    for (const url of ['http://127.0.0.1:5173/', 'http://[::1]:5173/', 'http://localhost:5173/']) {
      expect(trustedDevServerUrl({ ...dev, devServerUrl: url }), url).toBe(url);
    }
  });
});
