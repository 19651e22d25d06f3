#!/usr/bin/env node
// `npm run package:check`: runs electron-builder's Linux `dir` target against a stand-in Electron
// folder, so the packaging steps (file selection, asar, unpacked keytar, extra resources, icons)
// are checked on machines that cannot download Electron. Offline and quick. It then checks what
// landed in dist/linux-unpacked, and reads the Electron fuses back from the packaged executable.
// `--config FILE` and `--output DIR` check another configuration (the tests drop a fuse from it).
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import asar from '@electron/asar';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fuseProblems, standInBinary } from './electron-fuses.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const { values: args } = parseArgs({ options: { config: { type: 'string' }, output: { type: 'string' } } });
const config = resolve(args.config ?? join(root, 'build', 'electron-builder.yml'));
const output = resolve(args.output ?? join(root, 'dist', 'package-check'));

function fail(message) {
  console.error(`package-check: ${message}`);
  process.exit(1);
}

for (const built of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html']) {
  if (!existsSync(join(root, built))) fail(`${built} is missing: run \`npm run build\` first`);
}

// What electron-builder copies from an Electron distribution: the executable (renamed to
// webhook-tray), its resources folder, and the license files. The executable carries a fuse wire
// in Electron's stock state, for electron-builder to flip.
const standIn = mkdtempSync(join(tmpdir(), 'wt-electron-dist-'));
writeFileSync(join(standIn, 'electron'), standInBinary());
chmodSync(join(standIn, 'electron'), 0o755);
mkdirSync(join(standIn, 'resources'));
writeFileSync(join(standIn, 'LICENSE'), 'stand-in\n');
writeFileSync(join(standIn, 'LICENSES.chromium.html'), '<p>stand-in</p>\n');
writeFileSync(join(standIn, 'version'), '45.5.0');

rmSync(output, { recursive: true, force: true });
const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '--linux',
    'dir',
    '--publish',
    'never',
    '--config',
    config,
    `-c.electronDist=${standIn}`,
    // Rebuilding keytar for Electron needs Electron's headers from the internet; the check keeps the Node build.
    '-c.npmRebuild=false',
    `-c.directories.output=${output}`,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true' } },
);
rmSync(standIn, { recursive: true, force: true });
if (result.status !== 0) fail(`electron-builder exited with ${result.status ?? result.signal}`);

const unpacked = join(output, 'linux-unpacked');
const expected = [
  'webhook-tray',
  'resources/app.asar',
  'resources/app.asar.unpacked/node_modules/keytar/build/Release/keytar.node',
  'resources/icons/tray-ok.png',
  'resources/icons/tray-warning@2x.png',
  'resources/icons/tray-criticalTemplate.png',
  'resources/icons/tray-unknownTemplate@2x.png',
];
// Every native module the main bundle carries must be unpacked too.
const chunks = join(root, 'out', 'main', 'chunks');
if (existsSync(chunks)) {
  for (const file of readdirSync(chunks).filter((f) => f.endsWith('.node'))) {
    expected.push(`resources/app.asar.unpacked/out/main/chunks/${file}`);
  }
}
const missing = expected.filter((file) => !existsSync(join(unpacked, file)));
if (missing.length > 0) {
  fail(
    `missing from the package: ${missing.join(', ')} (found: ${readdirSync(join(unpacked, 'resources')).join(', ')})`,
  );
}

// Every package the built main and preload code require()s at run time (electron-vite leaves the
// dependencies outside the bundle) must ship in the asar, or the app fails on its first call to it.
const builtins = new Set([...builtinModules, 'electron']);
const shipped = new Set(
  asar
    .listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false })
    .map((entry) => entry.replaceAll('\\', '/')),
);
const required = new Set();
for (const dir of ['out/main', 'out/main/chunks', 'out/preload']) {
  if (!existsSync(join(root, dir))) continue;
  for (const file of readdirSync(join(root, dir)).filter((f) => /\.[cm]?js$/.test(f))) {
    for (const [, specifier] of readFileSync(join(root, dir, file), 'utf8').matchAll(
      /require\("([^"./][^"]*)"\)/g,
    )) {
      if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const parts = specifier.split('/');
      required.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
}
const unshipped = [...required].filter((name) => !shipped.has(`/node_modules/${name}/package.json`));
if (unshipped.length > 0) fail(`required by out/ but not in app.asar: ${unshipped.join(', ')}`);

const wrongFuses = await fuseProblems(join(unpacked, 'webhook-tray'));
if (wrongFuses.length > 0) fail(`the packaged executable's fuses differ:\n  ${wrongFuses.join('\n  ')}`);

console.log(
  `package-check: ok, ${expected.length} expected files, the Electron fuses and ${required.size} required packages (${[...required].sort().join(', ')}) in ${unpacked}`,
);
