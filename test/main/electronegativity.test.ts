import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const script = join(__dirname, '../../build/scripts/electronegativity.mjs');

async function scan(input?: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, input === undefined ? [script] : [script, input]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('Electronegativity over main/ (advisory scan)', () => {
  it('lists its findings, each reviewed, and none of severity HIGH is left unexplained', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wt-egn-'));
    await writeFile(
      join(dir, 'bad-window.js'),
      "const { BrowserWindow } = require('electron');\n" +
        'new BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true, sandbox: false } });\n',
    );
    // Our main/ and, to show the gate works, a window with the protections turned off.
    const [ours, bad] = await Promise.all([scan(), scan(dir)]);
    await rm(dir, { recursive: true, force: true });

    console.log(ours.out);
    expect(ours.code).toBe(0);
    expect(ours.out).toMatch(/finding\(s\) in .*main/);
    const findingLines = ours.out.split('\n').filter((l) => /^ {2}(HIGH|MEDIUM|LOW|INFORMATIONAL)/.test(l));
    expect(findingLines.filter((l) => l.startsWith('  HIGH'))).toEqual([]);
    expect(ours.out.match(/reviewed: /g)?.length ?? 0).toBe(findingLines.length);

    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/HIGH .*CONTEXT_ISOLATION_JS_CHECK/);
    expect(bad.out).toMatch(/without a note/);
  }, 90_000);
});
