import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../main/common/errors';
import { bundleFixture, PROJECT_NODE_MODULES } from './fixtures/bundle-fixture';
import {
  filesContaining,
  randomSecret,
  requireKeyring,
  secretToolLookup,
  tempConfigDir,
  uniqueName,
} from './keyring';

let addProfile: string;
beforeAll(async () => {
  requireKeyring();
  addProfile = await bundleFixture('add-profile.ts');
});

/** Runs the add-profile child with the given environment (no DISPLAY, nothing inherited but PATH/HOME). */
function addInChild(
  dir: string,
  name: string,
  secret: string,
  env: NodeJS.ProcessEnv,
): { error?: ErrorInfo } {
  const out = execFileSync(process.execPath, [addProfile, dir, name, secret], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return JSON.parse(out) as { error?: ErrorInfo };
}

function expectNothingStored(dir: string, id: string, secret: string): void {
  const settings = join(dir, 'settings.json');
  if (existsSync(settings)) expect(JSON.parse(readFileSync(settings, 'utf8')).profiles).toEqual([]);
  expect(filesContaining(dir, secret)).toEqual([]);
  // Nothing reached the (working) keyring of this test session either.
  expect(secretToolLookup(id)).toBeNull();
}

describe('keychain unavailable', () => {
  it.each([
    [
      'a D-Bus address pointing nowhere',
      { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
      'Could not connect',
    ],
    ['no D-Bus address and no DISPLAY', {}, 'Cannot autolaunch D-Bus without X11 $DISPLAY'],
  ])('with %s: keychain error naming what to install, nothing stored', (_what, env, detail) => {
    const dir = tempConfigDir();
    const name = uniqueName('NoBus');
    const secret = randomSecret();
    const result = addInChild(dir, name, secret, { NODE_PATH: PROJECT_NODE_MODULES, ...env });
    expect(result.error?.kind).toBe('keychain');
    expect(result.error?.message).toContain('Could not save the API secret in the keychain');
    expect(result.error?.message).toContain(detail);
    expect(result.error?.message).toContain('gnome-keyring or KWallet');
    expect(result.error?.message).toContain('unlocked');
    expectNothingStored(dir, name.toLowerCase().replace(/ /g, '-'), secret);
  });

  it('without the keytar module: keychain error, nothing stored, no file fallback', () => {
    const dir = tempConfigDir();
    const name = uniqueName('NoKeytar');
    const secret = randomSecret();
    // No NODE_PATH: the bundled child cannot resolve the native module, as where keytar failed to build.
    const result = addInChild(dir, name, secret, {});
    expect(result.error?.kind).toBe('keychain');
    expect(result.error?.message).toContain('The keychain module (keytar) could not be loaded');
    expect(result.error?.message).toContain('libsecret');
    expectNothingStored(dir, name.toLowerCase().replace(/ /g, '-'), secret);
  });
});
