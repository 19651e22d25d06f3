import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The temp files our atomic writes leave beside a file when the process is killed between writing
 * and renaming: `atomically`'s (settings.json through conf: `<name>.tmp-<10 digits><6 hex>`) and
 * `writeFileAtomically`'s (`<name>.<pid>.<n>.tmp`).
 */
const TEMP_FILE = /^(?<name>[\w-]+\.json)\.(?:tmp-\d{10}[0-9a-f]{6}|\d+\.\d+\.tmp)$/;

/** A write takes milliseconds: a temp file this old belongs to no write in progress (app or CLI). */
export const STALE_TEMP_AGE_MS = 10 * 60_000;

export interface SweepOptions {
  /** The files whose temp files may be removed (names in `dir`). */
  names: readonly string[];
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * Removes the temp files a killed process left beside `names` in `dir`, once they are older than
 * any write in progress could be. Never throws: a folder that cannot be read or a file that cannot
 * be removed is logged and left. Returns the names removed.
 */
export async function sweepStaleTempFiles(dir: string, options: SweepOptions): Promise<string[]> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log(`config: cannot look for leftover temp files in ${dir}: ${(error as Error).message}`);
    }
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const name = TEMP_FILE.exec(entry)?.groups?.name;
    if (name === undefined || !options.names.includes(name)) continue;
    const path = join(dir, entry);
    try {
      const { mtimeMs } = await stat(path);
      if (now() - mtimeMs < STALE_TEMP_AGE_MS) continue;
      await rm(path, { force: true });
      removed.push(entry);
    } catch (error) {
      log(`config: cannot remove the leftover temp file ${entry}: ${(error as Error).message}`);
    }
  }
  if (removed.length > 0) log(`config: removed ${removed.length} temp file(s) left by an interrupted write`);
  return removed;
}
