import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const yml = readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8');

describe('electron-builder.yml', () => {
  it('names the product and uses the appId main/index.ts registers for Windows notifications', () => {
    expect(yml).toMatch(/^productName: Webhook Tray$/m);
    const appId = /^appId: (\S+)$/m.exec(yml)?.[1];
    expect(appId).toBeDefined();
    expect(readFileSync(join(root, 'main/index.ts'), 'utf8')).toContain(`const APP_ID = '${appId}';`);
  });

  it('targets AppImage and deb, a tray-only dmg, and nsis', () => {
    expect(yml).toMatch(/linux:\n {2}target:\n {4}- AppImage\n {4}- deb\n/);
    expect(yml).toMatch(/mac:\n {2}target: dmg\n/);
    expect(yml).toMatch(/extendInfo:\n(?: {4}#.*\n)* {4}LSUIElement: true\n/);
    expect(yml).toMatch(/win:\n {2}target: nsis\n/);
  });

  it('unpacks keytar from the asar and ships the tray icons beside it', () => {
    expect(yml).toMatch(/asarUnpack:\n(?: {2}- .*\n)*? {2}- '\*\*\/node_modules\/keytar\/\*\*\/\*\.node'\n/);
    expect(yml).toMatch(/extraResources:\n {2}- from: build\/icons\n {4}to: icons\n/);
  });

  it('points at icons and entitlements that exist', () => {
    for (const file of [
      'build/icons/icon.png',
      'build/icons/linux/512x512.png',
      'build/entitlements.mac.plist',
    ]) {
      expect(yml).toContain(file.replace(/\/512x512\.png$/, ''));
      expect(() => readFileSync(join(root, file))).not.toThrow();
    }
  });

  it('sets every Electron fuse the security model relies on (docs/SECURITY.md)', () => {
    const block = /^electronFuses:\n((?: {2}.*\n)+)/m.exec(yml)?.[1] ?? '';
    const fuses = Object.fromEntries(
      [...block.matchAll(/^ {2}(\w+): (true|false)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(fuses).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });
});
