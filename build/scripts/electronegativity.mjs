#!/usr/bin/env node
// `npm run security:scan [folder]`: runs Electronegativity (an advisory, unmaintained scanner) over main/ (or the folder given),
// prints every finding with its review note, and fails on a HIGH finding that
// build/electronegativity-accepted.json does not explain. Our own tests (test/main/window.test.ts
// and others) assert the window's settings; this is a second opinion.
//
// It calls the scanner's API instead of its CLI: the CLI requires `commander` without declaring it
// and breaks on the commander 14 this project uses. The check that downloads Electron's release
// list is skipped: it needs the internet and we pin the Electron version from node_modules.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;
const { notes } = JSON.parse(readFileSync(join(root, 'build', 'electronegativity-accepted.json'), 'utf8'));

const input = process.argv[2] ?? join(root, 'main');
const result = await run(
  {
    input,
    isSarif: false,
    customScan: [],
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);

const findings = result.issues.map((issue) => ({
  id: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  file: issue.file,
  where: `${issue.file}:${issue.location.line}:${issue.location.column}`,
  description: issue.description,
}));
console.log(`electronegativity (Electron ${electronVersion}): ${findings.length} finding(s) in ${input}`);
for (const f of findings) {
  const note = notes[`${f.id}:${f.file}`];
  console.log(`  ${f.severity.padEnd(8)} ${f.confidence.padEnd(9)} ${f.id} ${f.where}: ${f.description}`);
  if (note !== undefined) console.log(`           reviewed: ${note}`);
}
for (const error of result.errors)
  console.log(`  could not scan ${error.file ?? '?'}: ${error.message ?? error}`);

const unexplained = findings.filter((f) => f.severity === 'HIGH' && notes[`${f.id}:${f.file}`] === undefined);
if (unexplained.length > 0) {
  console.error(
    `electronegativity: ${unexplained.length} HIGH finding(s) without a note in build/electronegativity-accepted.json`,
  );
  process.exit(1);
}
if (result.errors.length > 0) {
  console.error('electronegativity: some files could not be scanned');
  process.exit(1);
}
