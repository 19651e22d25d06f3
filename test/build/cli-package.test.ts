import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxForTest } from '../support/sandbox';

// The CLI as `npm pack` ships it: the tarball's file list, then an install of that tarball into a
// temporary prefix, run against the sandbox. `npm test` builds out/ before the tests, so the pack here
// skips the prepack build (checked separately).
const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
};

let temp = '';
beforeAll(() => {
  if (!existsSync(join(root, 'out/main/cli.js'))) {
    throw new Error(
      'out/main/cli.js does not exist: build first with `npx electron-vite build` (npm test does).',
    );
  }
  temp = mkdtempSync(join(tmpdir(), 'wt-cli-package-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** npm without what `npm test` says about its own run (npm_lifecycle_*, npm_package_*); user config stays. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(lifecycle|package)_/i.test(key)),
  );
}

describe('npm pack', () => {
  it('builds the CLI before packing', () => {
    expect(packageJson.scripts.prepack).toBe('electron-vite build');
  });

  it('ships the built CLI, README and LICENSE, never tests, CI scripts, sources or keys', async () => {
    const { stdout } = await run(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      env: npmEnv(),
    });
    const [packed] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining(['out/main/cli.js', 'README.md', 'LICENSE', 'package.json']),
    );
    expect(files.some((file) => file.startsWith('out/main/chunks/'))).toBe(true);
    const forbidden = files.filter((file) =>
      /^(test|\.ci|main|renderer|build|docs|node_modules)\/|\.(ts|pem|key|svelte)$/.test(file),
    );
    expect(forbidden).toEqual([]);
  });

  it('installs into a prefix as a working webhook-tray command', { timeout: 90_000 }, async () => {
    await run(npm, ['pack', '--ignore-scripts', '--pack-destination', temp], { cwd: root, env: npmEnv() });
    const tarball = join(temp, `webhook-tray-${packageJson.version}.tgz`);
    const prefix = join(temp, 'prefix');
    // --omit=optional leaves keytar out: environment credentials need no keychain, and it keeps this fast.
    await run(
      npm,
      [
        'install',
        '--prefix',
        prefix,
        '--omit=optional',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        tarball,
      ],
      { cwd: temp, env: npmEnv() },
    );
    const installed = join(prefix, 'node_modules');
    expect(existsSync(join(installed, 'webhook-tray', 'out', 'main', 'cli.js'))).toBe(true);
    expect(existsSync(join(installed, 'keytar'))).toBe(false);
    const bin = join(installed, '.bin', process.platform === 'win32' ? 'webhook-tray.cmd' : 'webhook-tray');

    const version = await run(bin, ['--version'], { cwd: temp });
    expect(version.stdout.trim()).toBe(packageJson.version);

    const sandbox = await sandboxForTest();
    const env = {
      PATH: process.env.PATH,
      HOME: temp,
      WEBHOOK_TRAY_CONFIG_DIR: join(temp, 'config'),
      WEBHOOK_TRAY_BASE_URL: sandbox.url,
      WEBHOOK_TRAY_ACCOUNT: sandbox.credentials.account,
      WEBHOOK_TRAY_API_KEY: sandbox.credentials.apiKey,
      WEBHOOK_TRAY_API_SECRET: sandbox.credentials.apiSecret,
    };
    const url = sandbox.control.receiverUrl('ok');
    await run(bin, ['create', '--url', url, '--event', 'INVOICE_PAID'], { cwd: temp, env });
    const status = await run(bin, ['status'], { cwd: temp, env });
    expect(status.stdout.split('\n')[0]).toBe(
      'WEBHOOK OK - 0 blocked, 0 failing, 1 healthy | healthy=1 failing=0 blocked=0 disabled=0',
    );
  });
});
