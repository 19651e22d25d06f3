import { describe, expect, it } from 'vitest';
import { isTrustedSender, type TrustedRenderer } from '../../main/ipc/sender-policy';

const production: TrustedRenderer = {
  webContentsId: 7,
  rendererUrl: 'file:///opt/Webhook%20Tray/out/renderer/index.html',
};
const development: TrustedRenderer = { webContentsId: 7, rendererUrl: 'http://localhost:5173/' };

describe('isTrustedSender', () => {
  it('trusts the main frame of our window showing our page, with any hash route', () => {
    expect(
      isTrustedSender({ webContentsId: 7, isMainFrame: true, url: production.rendererUrl }, production),
    ).toBe(true);
    expect(
      isTrustedSender(
        { webContentsId: 7, isMainFrame: true, url: `${production.rendererUrl}#/channel/x` },
        production,
      ),
    ).toBe(true);
    expect(
      isTrustedSender({ webContentsId: 7, isMainFrame: true, url: 'http://localhost:5173/x?y' }, development),
    ).toBe(true);
  });

  it('refuses sub-frames, other webContents, other files and other origins', () => {
    const cases = [
      { webContentsId: 7, isMainFrame: false, url: production.rendererUrl },
      { webContentsId: 8, isMainFrame: true, url: production.rendererUrl },
      { webContentsId: 7, isMainFrame: true, url: 'file:///tmp/evil.html' },
      { webContentsId: 7, isMainFrame: true, url: 'https://dashboard.calypso.finance/' },
      { webContentsId: 7, isMainFrame: true, url: 'not a url' },
      { webContentsId: 7, isMainFrame: true, url: '' },
    ];
    for (const sender of cases)
      expect(isTrustedSender(sender, production), JSON.stringify(sender)).toBe(false);
    expect(
      isTrustedSender({ webContentsId: 7, isMainFrame: true, url: 'http://localhost:5174/' }, development),
    ).toBe(false);
    expect(
      isTrustedSender({ webContentsId: 7, isMainFrame: true, url: 'file:///x/index.html' }, development),
    ).toBe(false);
  });

  it('refuses everything while no window exists', () => {
    expect(isTrustedSender({ webContentsId: 7, isMainFrame: true, url: production.rendererUrl }, null)).toBe(
      false,
    );
  });
});
