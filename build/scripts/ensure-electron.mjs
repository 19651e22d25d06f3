#!/usr/bin/env node
// `prestart` / `predev`: makes sure Electron's binary is on disk before electron-vite looks for it.
// Electron 45 no longer downloads it at `npm install`, and electron-vite then only says "Electron
// uninstall". The download is Electron's own installer (install.js); this script only checks, reports
// progress and explains a failure. WT_ELECTRON_DIR points at another copy of the electron package.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const DEFAULT_SOURCE = 'https://github.com/electron/electron/releases/download/';

function electronPackageDir() {
  if (process.env.WT_ELECTRON_DIR) return process.env.WT_ELECTRON_DIR;
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    console.error('ensure-electron: the electron package is not installed. Run `npm install` first.');
    process.exit(1);
  }
}

const electronDir = electronPackageDir();
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));

/** The same test as Electron's install.js: path.txt, dist/version and the binary it names. */
function installed() {
  try {
    const binary = readFileSync(join(electronDir, 'path.txt'), 'utf8');
    const distVersion = readFileSync(join(electronDir, 'dist', 'version'), 'utf8').replace(/^v/, '');
    return distVersion === version && existsSync(join(electronDir, 'dist', binary));
  } catch {
    return false;
  }
}

/** Where @electron/get downloads from: the mirror variables it reads, else GitHub releases. */
function downloadSource() {
  for (const name of [
    'ELECTRON_MIRROR',
    'npm_config_electron_mirror',
    'NPM_CONFIG_ELECTRON_MIRROR',
    'npm_package_config_electron_mirror',
  ]) {
    if (process.env[name]) return { url: process.env[name], label: `${process.env[name]} (${name})` };
  }
  return { url: DEFAULT_SOURCE, label: `${DEFAULT_SOURCE} (Electron's default)` };
}

/** The installer only prints "fetch failed": one request of our own names the network error. */
async function networkCause(url) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
    return undefined;
  } catch (error) {
    return error?.cause?.message ?? error?.message;
  }
}

function fail(what, reason) {
  console.error(
    [
      '',
      `Cannot start: ${what}`,
      ...(reason ? [`  Reason: ${reason}`] : []),
      'Ways out:',
      '  - Behind a proxy: set HTTPS_PROXY=http://HOST:PORT and ELECTRON_GET_USE_PROXY=1, then run npm start again.',
      '  - From a mirror: set ELECTRON_MIRROR to a mirror of Electron releases (URL ending in /).',
      `  - Electron ${version.split('.')[0]} already on disk: set ELECTRON_EXEC_PATH to its executable.`,
      '  - No window needed: the CLI runs without Electron (npm run build && npm run cli -- --help).',
    ].join('\n'),
  );
  process.exit(1);
}

function sizeOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      try {
        total += statSync(join(entry.parentPath, entry.name)).size;
      } catch {
        // The installer moves its file away once done.
      }
    }
  }
  return total;
}

const execPath = process.env.ELECTRON_EXEC_PATH;
if (execPath) {
  if (existsSync(execPath)) process.exit(0);
  fail(
    `ELECTRON_EXEC_PATH is ${execPath}, which does not exist.`,
    'unset it, or point it at an Electron executable',
  );
}
if (installed()) process.exit(0);

const source = downloadSource();
console.error(`Electron ${version} is not downloaded yet: downloading it once from ${source.label}.`);
// A private temp folder: @electron/get downloads into it, so its size is the progress.
const downloads = mkdtempSync(join(tmpdir(), 'wt-electron-'));
const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
  env: { ...process.env, TMPDIR: downloads, TEMP: downloads, TMP: downloads, ELECTRON_GET_NO_PROGRESS: '1' },
  stdio: ['ignore', 'inherit', 'pipe'],
});
let errors = '';
child.stderr.setEncoding('utf8').on('data', (chunk) => (errors += chunk));
// On a terminal one line that updates; in a log a line every few seconds while bytes arrive.
let logged = { at: Date.now(), bytes: 0 };
const progress = setInterval(() => {
  const bytes = sizeOf(downloads);
  const line = `Downloading Electron ${version}: ${(bytes / 1e6).toFixed(1)} MB`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else if (Date.now() - logged.at >= 2_000 && bytes !== logged.bytes) {
    console.error(line);
    logged = { at: Date.now(), bytes };
  }
}, 250);
child.once('close', async (code) => {
  clearInterval(progress);
  if (process.stderr.isTTY) process.stderr.write('\n');
  rmSync(downloads, { recursive: true, force: true });
  if (code === 0 && installed()) {
    console.error(`Electron ${version} is ready.`);
    return;
  }
  let reason =
    errors
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? `exit code ${code}`;
  if (reason.endsWith('fetch failed')) {
    const cause = await networkCause(source.url);
    if (cause) reason = `${reason} (${cause})`;
  }
  fail(`downloading Electron ${version} from ${source.label} failed.`, reason);
});
