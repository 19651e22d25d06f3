import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// build/scripts/ensure-electron.mjs (`prestart` / `predev`) against a copy of the electron package in a
// temp folder, never the repo's node_modules/electron.
const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'build/scripts/ensure-electron.mjs');
const { version } = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
  version: string;
};

const temps: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A copy of the electron package without any downloaded binary, plus an empty download cache. */
function electronCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'wt-ensure-electron-'));
  temps.push(dir);
  const electronDir = join(dir, 'electron');
  const source = join(root, 'node_modules/electron');
  cpSync(source, electronDir, {
    recursive: true,
    filter: (path) => path !== join(source, 'dist') && path !== join(source, 'path.txt'),
  });
  return { electronDir, cache: join(dir, 'cache'), marker: join(dir, 'installer-ran') };
}

/** Replaces the copy's installer with one that only records that it ran. */
function recordInstallerRuns(electronDir: string, marker: string) {
  writeFileSync(
    join(electronDir, 'install.js'),
    `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); process.exit(1);\n`,
  );
}

function standInBinary(electronDir: string, distVersion: string) {
  mkdirSync(join(electronDir, 'dist'), { recursive: true });
  writeFileSync(join(electronDir, 'dist', 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(electronDir, 'dist', 'version'), distVersion);
  writeFileSync(join(electronDir, 'path.txt'), 'electron');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

function runScript(electronDir: string, cache: string, env: Record<string, string> = {}) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(ELECTRON_|npm_config_electron|npm_package_config_electron|HTTPS?_PROXY)/i.test(key),
    ),
  );
  return new Promise<{ code: number | null; output: string; ms: number }>((done, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [script], {
      // NODE_PATH: the copied installer finds @electron/get in the repo's node_modules.
      env: {
        ...inherited,
        WT_ELECTRON_DIR: electronDir,
        electron_config_cache: cache,
        NODE_PATH: join(root, 'node_modules'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => done({ code, output, ms: Date.now() - started }));
  });
}

describe('ensure-electron', () => {
  it('runs before npm start and npm run dev', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.prestart).toBe('node build/scripts/ensure-electron.mjs');
    expect(scripts.predev).toBe('node build/scripts/ensure-electron.mjs');
  });

  it('explains a failed download (version, source, ways out) and exits non-zero, quickly', async () => {
    const { electronDir, cache } = electronCopy();
    const mirror = `http://127.0.0.1:${await closedPort()}/`;
    const result = await runScript(electronDir, cache, { ELECTRON_MIRROR: mirror });
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      `downloading Electron ${version} from ${mirror} (ELECTRON_MIRROR) failed`,
    );
    expect(result.output).toContain('ECONNREFUSED');
    for (const wayOut of [
      'HTTPS_PROXY',
      'ELECTRON_GET_USE_PROXY=1',
      'ELECTRON_MIRROR',
      'ELECTRON_EXEC_PATH',
      'npm run cli',
    ]) {
      expect(result.output).toContain(wayOut);
    }
    expect(result.output).not.toContain('Electron uninstall');
    expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('names the default source when no mirror is set', async () => {
    const { electronDir, cache, marker } = electronCopy();
    recordInstallerRuns(electronDir, marker);
    const result = await runScript(electronDir, cache);
    expect(result.code).toBe(1);
    expect(existsSync(marker)).toBe(true);
    expect(result.output).toContain(
      `from https://github.com/electron/electron/releases/download/ (Electron's default)`,
    );
  });

  it('does nothing when the binary of this version is present', async () => {
    const { electronDir, cache, marker } = electronCopy();
    standInBinary(electronDir, `v${version}`);
    recordInstallerRuns(electronDir, marker);
    const result = await runScript(electronDir, cache, { ELECTRON_MIRROR: 'http://127.0.0.1:9/' });
    expect(result).toMatchObject({ code: 0, output: '' });
    expect(existsSync(marker)).toBe(false);
  });

  it('runs the installer when the binary on disk is another version', async () => {
    const { electronDir, cache, marker } = electronCopy();
    standInBinary(electronDir, 'v1.0.0');
    recordInstallerRuns(electronDir, marker);
    const result = await runScript(electronDir, cache);
    expect(result.code).toBe(1);
    expect(existsSync(marker)).toBe(true);
  });

  it('trusts ELECTRON_EXEC_PATH when it exists and says so when it does not', async () => {
    const { electronDir, cache, marker } = electronCopy();
    recordInstallerRuns(electronDir, marker);
    const present = await runScript(electronDir, cache, { ELECTRON_EXEC_PATH: process.execPath });
    expect(present).toMatchObject({ code: 0, output: '' });
    const missing = join(electronDir, 'no-such-electron');
    const absent = await runScript(electronDir, cache, { ELECTRON_EXEC_PATH: missing });
    expect(absent.code).toBe(1);
    expect(absent.output).toContain(`ELECTRON_EXEC_PATH is ${missing}, which does not exist`);
    expect(existsSync(marker)).toBe(false);
  });

  // A release zip with a stand-in binary, served over loopback (python3 zips it: .ci/run installs it).
  async function fakeRelease(electronDir: string, servedOverMs = 0) {
    const zipName = `electron-v${version}-linux-${process.arch}.zip`;
    const content = join(electronDir, '..', 'zip-content');
    mkdirSync(content);
    // Megabytes of noise, so that a slow download shows progress.
    writeFileSync(join(content, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n'), randomBytes(2e6)]), {
      mode: 0o755,
    });
    writeFileSync(join(content, 'version'), version);
    const zipPath = join(electronDir, '..', zipName);
    const zipped = spawnSync('python3', ['-m', 'zipfile', '-c', zipPath, 'electron', 'version'], {
      cwd: content,
    });
    expect(zipped.status, String(zipped.stderr)).toBe(0);
    const zip = readFileSync(zipPath);
    // The installer verifies the zip against checksums.json: the copy lists the test zip.
    const checksumsPath = join(electronDir, 'checksums.json');
    const checksums = JSON.parse(readFileSync(checksumsPath, 'utf8')) as Record<string, string>;
    checksums[zipName] = createHash('sha256').update(zip).digest('hex');
    writeFileSync(checksumsPath, JSON.stringify(checksums));
    const requested: string[] = [];
    const server = createServer((request, response) => {
      requested.push(request.url ?? '');
      if (!request.url?.endsWith(`/v${version}/${zipName}`)) return response.writeHead(404).end();
      response.writeHead(200, { 'content-length': zip.length });
      const chunks = 10;
      const size = Math.ceil(zip.length / chunks);
      for (let i = 0; i < chunks; i++) {
        setTimeout(() => response.write(zip.subarray(i * size, (i + 1) * size)), (servedOverMs / chunks) * i);
      }
      setTimeout(() => response.end(), servedOverMs);
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    // As a proxy: the downloader tunnels with CONNECT (for http:// too), here back into this server.
    server.on('connect', (request, client: Socket, head: Buffer) => {
      requested.push(`CONNECT ${request.url}`);
      const upstream = connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).on('error', () => client.destroy());
        client.pipe(upstream).on('error', () => upstream.destroy());
      });
    });
    return { url: `http://127.0.0.1:${port}/`, path: `v${version}/${zipName}`, requested };
  }

  function expectInstalled(electronDir: string, result: { code: number | null; output: string }) {
    expect(result.output).toContain(`Electron ${version} is not downloaded yet`);
    expect(result.output).toContain(`Electron ${version} is ready.`);
    expect(result.code).toBe(0);
    expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe('electron');
    expect(existsSync(join(electronDir, 'dist', 'electron'))).toBe(true);
  }

  it.runIf(process.platform === 'linux')(
    'downloads with Electron’s installer from ELECTRON_MIRROR',
    async () => {
      const { electronDir, cache } = electronCopy();
      const release = await fakeRelease(electronDir, 3_000);
      const result = await runScript(electronDir, cache, { ELECTRON_MIRROR: release.url });
      expectInstalled(electronDir, result);
      expect(result.output).toMatch(new RegExp(`Downloading Electron ${version}: [0-9.]+ MB`));
      expect(release.requested).toEqual([`/${release.path}`]);
    },
  );

  // @electron/get loads undici for its proxy support without depending on it: package.json lists undici.
  it.runIf(process.platform === 'linux')(
    'downloads through the proxy of HTTP(S)_PROXY with ELECTRON_GET_USE_PROXY=1, as the message says',
    async () => {
      const { electronDir, cache } = electronCopy();
      const proxy = await fakeRelease(electronDir);
      const mirror = 'http://electron-mirror.invalid/';
      const result = await runScript(electronDir, cache, {
        ELECTRON_MIRROR: mirror,
        ELECTRON_GET_USE_PROXY: '1',
        HTTP_PROXY: proxy.url,
        HTTPS_PROXY: proxy.url,
      });
      expectInstalled(electronDir, result);
      expect(proxy.requested).toEqual(['CONNECT electron-mirror.invalid:80', `/${proxy.path}`]);
    },
  );
});
