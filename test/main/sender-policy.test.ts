import { describe, expect, it } from 'vitest';
import { isTrustedSender, type TrustedRenderer } from '../../main/ipc/sender-policy';

const production: TrustedRenderer = { webContentsId: 7, rendererUrl: 'app://renderer/index.html' };
const development: TrustedRenderer = { webContentsId: 7, rendererUrl: 'http://localhost:5173/' };

describe('isTrustedSender', () => {
  it('trusts the main frame of our window showing our page, with any hash route', () => {
    expect(
      isTrustedSender({ webContentsId: 7, isMainFrame: true, url: production.rendererUrl }, production),
    ).toBe(true);
    for (const url of ['app://renderer/index.html#/channel/x', 'app://renderer/', 'app://renderer/x?y']) {
      expect(isTrustedSender({ webContentsId: 7, isMainFrame: true, url }, production), url).toBe(true);
    }
    expect(
      isTrustedSender({ webContentsId: 7, isMainFrame: true, url: 'http://localhost:5173/x?y' }, development),
    ).toBe(true);
  });

  it('refuses sub-frames, other webContents, other files and other origins', () => {
    const cases = [
      { webContentsId: 7, isMainFrame: false, url: production.rendererUrl },
      { webContentsId: 8, isMainFrame: true, url: production.rendererUrl },
      { webContentsId: 7, isMainFrame: true, url: 'file:///tmp/evil.html' },
      // The page the window used to load from file:// is no longer trusted: app:// is our origin.
      { webContentsId: 7, isMainFrame: true, url: 'file:///opt/Webhook%20Tray/out/renderer/index.html' },
      { webContentsId: 7, isMainFrame: true, url: 'app://other/index.html' },
      { webContentsId: 7, isMainFrame: true, url: 'app://renderer.evil/index.html' },
      { webContentsId: 7, isMainFrame: true, url: 'evil://renderer/index.html' },
      { webContentsId: 7, isMainFrame: true, url: 'http://renderer/index.html' },
      { webContentsId: 7, isMainFrame: true, url: 'https://dashboard.calypso.finance/' },
      { webContentsId: 7, isMainFrame: true, url: 'not a url' },
      { webContentsId: 7, isMainFrame: true, url: '' },
    ];
    for (const sender of cases)
      expect(isTrustedSender(sender, production), JSON.stringify(sender)).toBe(false);
    expect(
      isTrustedSender({ webContentsId: 7, isMainFrame: true, url: 'http://localhost:5174/' }, development),
    ).toBe(false);
    for (const url of ['file:///x/index.html', 'app://renderer/index.html', 'http://127.0.0.1:5173/']) {
      expect(isTrustedSender({ webContentsId: 7, isMainFrame: true, url }, development), url).toBe(false);
    }
  });

  it('refuses everything while no window exists', () => {
    expect(isTrustedSender({ webContentsId: 7, isMainFrame: true, url: production.rendererUrl }, null)).toBe(
      false,
    );
  });
});
