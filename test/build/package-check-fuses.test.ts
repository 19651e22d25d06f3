import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The packaging check against a copy of electron-builder.yml with fuses dropped: electron-builder
// flips what is left on the stand-in executable, and the check's read-back names each missing fuse.
const root = resolve(import.meta.dirname, '../..');
const yml = readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8');
const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'grantFileProtocolExtraPrivileges',
];

let temp = '';
beforeAll(() => {
  if (!existsSync(join(root, 'out/main/index.js'))) {
    throw new Error('out/ does not exist: build first with `npx electron-vite build` (npm test does).');
  }
  temp = mkdtempSync(join(tmpdir(), 'wt-package-fuses-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function checkWithout(removed: readonly string[]): { status: number | null; stderr: string } {
  let config = yml;
  for (const key of removed) {
    const line = new RegExp(`^ {2}${key}: (true|false)\\n`, 'm');
    expect(config).toMatch(line);
    config = config.replace(line, '');
  }
  const name = removed.length === 1 ? removed[0]! : 'many';
  const file = join(temp, `without-${name}.yml`);
  writeFileSync(file, config);
  const result = spawnSync(
    process.execPath,
    [join(root, 'build/scripts/package-check.mjs'), '--config', file, '--output', join(temp, `out-${name}`)],
    { cwd: root, encoding: 'utf8' },
  );
  return { status: result.status, stderr: result.stderr };
}

describe('package:check and the Electron fuses', () => {
  it('fails when a fuse is removed from the config, and names it', () => {
    const { status, stderr } = checkWithout(['enableCookieEncryption']);
    expect(status).toBe(1);
    expect(stderr).toContain('fuse enableCookieEncryption is off, expected on');
    // The fuses still in the config were flipped and read back as expected.
    for (const key of FUSES.filter((fuse) => fuse !== 'enableCookieEncryption')) {
      expect(stderr).not.toContain(`fuse ${key} `);
    }
  }, 90_000);

  it('names every other fuse removed, each left in its stock Electron state', () => {
    const removed = FUSES.filter((fuse) => fuse !== 'enableCookieEncryption');
    const { status, stderr } = checkWithout(removed);
    expect(status).toBe(1);
    for (const key of removed) expect(stderr).toMatch(new RegExp(`fuse ${key} is (on|off), expected`));
    expect(stderr).not.toContain('fuse enableCookieEncryption ');
  }, 90_000);
});
