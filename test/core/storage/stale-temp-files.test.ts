import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STALE_TEMP_AGE_MS, sweepStaleTempFiles } from '../../../main/core/storage/stale-temp-files';

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, ageMs: number, now: number): Promise<void> {
  const path = join(dir, name);
  await writeFile(path, '{}');
  const when = (now - ageMs) / 1000;
  await utimes(path, when, when);
}

describe('sweepStaleTempFiles', () => {
  it('removes the temp files a killed write left beside our files, once older than any write in progress', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wt-sweep-'));
    const now = Date.now();
    const old = STALE_TEMP_AGE_MS + 1000;
    await file('settings.json', old, now);
    await file('settings.json.tmp-1764237600a1b2c3', old, now); // atomically's, through conf
    await file('history.json.4242.7.tmp', old, now); // writeFileAtomically's
    await file('policy-state.json.tmp-1764237600ffffff', 1000, now); // a write in progress
    await file('notes.json.tmp-1764237600a1b2c3', old, now); // not one of ours
    await file('settings.json.bak', old, now);
    const lines: string[] = [];

    const removed = await sweepStaleTempFiles(dir, {
      names: ['settings.json', 'history.json', 'policy-state.json'],
      now: () => now,
      log: (line) => lines.push(line),
    });

    expect(removed.sort()).toEqual(['history.json.4242.7.tmp', 'settings.json.tmp-1764237600a1b2c3']);
    expect((await readdir(dir)).sort()).toEqual([
      'notes.json.tmp-1764237600a1b2c3',
      'policy-state.json.tmp-1764237600ffffff',
      'settings.json',
      'settings.json.bak',
    ]);
    expect(lines).toEqual(['config: removed 2 temp file(s) left by an interrupted write']);
  });

  it('does nothing, and says nothing, when the folder does not exist yet', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wt-sweep-'));
    const lines: string[] = [];
    const removed = await sweepStaleTempFiles(join(dir, 'missing'), {
      names: ['settings.json'],
      log: (line) => lines.push(line),
    });
    expect(removed).toEqual([]);
    expect(lines).toEqual([]);
  });
});
