import { mkdtempSync, readFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeFileAtomically } from '../../../main/core/storage/atomic-file';

// What reached the disk cannot be observed without cutting the power: the order of the real
// filesystem calls is recorded instead (the calls themselves still run).
const calls: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      const path = String(args[0]);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        calls.push(`sync ${path}`);
        await sync();
      };
      return handle;
    },
    rename: async (from: string, to: string) => {
      calls.push(`rename ${from}`);
      await real.rename(from, to);
    },
  };
});

describe('atomic writes reach the disk before they replace the file', () => {
  it('flushes the temp file before the rename, and the folder after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-atomic-'));
    const path = join(dir, 'history.json');
    await writeFileAtomically(path, '{"a":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
    const rename = calls.findIndex((call) => call.startsWith('rename '));
    const temp = calls[rename]?.slice('rename '.length) ?? '';
    expect(temp).toMatch(/history\.json\.\d+\.\d+\.tmp$/);
    expect(calls.indexOf(`sync ${temp}`)).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf(`sync ${temp}`)).toBeLessThan(rename);
    if (process.platform !== 'win32') expect(calls.slice(rename + 1)).toContain(`sync ${dir}`);
  });
});
