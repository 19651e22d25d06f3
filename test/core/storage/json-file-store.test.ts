import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDebouncedFileWriter, readJsonOrSetAside } from '../../../main/core/storage/json-file-store';
import { FakeTime } from '../monitor/fake-time';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wt-json-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A writer of `<dir>/state.json` on fake time with a 1 s debounce. */
function newWriter(log: (line: string) => void = () => {}) {
  const time = new FakeTime();
  const path = join(dir, 'state.json');
  const writer = createDebouncedFileWriter({ path, debounceMs: 1000, timers: time, log, name: 'test-store' });
  return { time, path, writer };
}

describe('debounced file writer', () => {
  it('writes the latest scheduled text once per debounce, and nothing after close', async () => {
    const { time, path, writer } = newWriter();
    writer.schedule('first');
    writer.schedule('second');
    expect(time.pending).toBe(1);
    await time.advance(999);
    expect(await readdir(dir)).toEqual([]);
    await time.advance(1);
    // The timer started the write; the file lands once its rename is done.
    await vi.waitFor(async () => expect(await readFile(path, 'utf8')).toBe('second'));

    writer.schedule('third');
    await writer.close();
    expect(time.pending).toBe(0);
    expect(await readFile(path, 'utf8')).toBe('third');
    writer.schedule('fourth');
    expect(time.pending).toBe(0);
    await writer.flush();
    expect(await readFile(path, 'utf8')).toBe('third');
  });

  it('calls a text function only when it writes', async () => {
    const { path, writer } = newWriter();
    let calls = 0;
    let value = 'a';
    const produce = () => {
      calls += 1;
      return value;
    };
    writer.schedule(produce);
    writer.schedule(produce);
    value = 'b';
    expect(calls).toBe(0);
    await writer.flush();
    expect(calls).toBe(1);
    expect(await readFile(path, 'utf8')).toBe('b');
    await writer.flush();
    expect(calls).toBe(1);
    await writer.close();
  });

  it('logs a failed write and retries it on the next flush', async () => {
    const lines: string[] = [];
    const { path, writer } = newWriter((line) => lines.push(line));
    // A non-empty folder where the file should be makes the rename fail.
    await mkdir(join(path, 'blocker'), { recursive: true });
    writer.schedule('kept');
    await writer.flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^test-store: could not save .*state\.json: /);

    await rm(path, { recursive: true });
    await writer.flush();
    expect(await readFile(path, 'utf8')).toBe('kept');
    expect(lines).toHaveLength(1);
    await writer.close();
  });
});

describe('readJsonOrSetAside', () => {
  const parse = (json: unknown) => {
    if (typeof json !== 'object' || json === null || !('version' in json)) throw new Error('not ours');
    return json;
  };

  it('returns null without a word when there is no file', async () => {
    const lines: string[] = [];
    const path = join(dir, 'missing.json');
    const read = await readJsonOrSetAside({
      path,
      parse,
      now: () => 1,
      log: (l) => lines.push(l),
      name: 'test',
    });
    expect(read).toBeNull();
    expect(lines).toEqual([]);
  });

  it('returns the parsed content of a valid file', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, '{"version":1,"x":2}');
    const read = await readJsonOrSetAside({ path, parse, now: () => 1, log: () => {}, name: 'test' });
    expect(read).toEqual({ version: 1, x: 2 });
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it.each([
    ['bad JSON', '{"version": 1,'],
    ['content the parser refuses', '{"other": true}'],
  ])('sets a file with %s aside and returns null', async (_what, text) => {
    const path = join(dir, 'state.json');
    await writeFile(path, text);
    const lines: string[] = [];
    const read = await readJsonOrSetAside({
      path,
      parse,
      now: () => 42,
      log: (l) => lines.push(l),
      name: 'test',
    });
    expect(read).toBeNull();
    expect(lines).toEqual([`test: ${path} is unreadable, starting empty (kept as ${path}.corrupt-42)`]);
    expect(await readdir(dir)).toEqual(['state.json.corrupt-42']);
    expect(await readFile(`${path}.corrupt-42`, 'utf8')).toBe(text);
  });
});
