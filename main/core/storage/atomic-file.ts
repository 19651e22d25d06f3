import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CONFIG_DIR_MODE } from './config-dir';

let tempCounter = 0;

/** Flushes a folder's entries (the rename) to disk; Windows cannot open a folder for that, and needs not. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to `path` so that a reader (or a crash, or a power cut) only ever sees the old file
 * or the new one, never half of it: the text goes to a temp file beside it and is flushed to disk,
 * then a rename replaces the file and the folder is flushed too. The file is readable by its owner
 * only. On failure the temp file is removed and the error thrown.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  tempCounter += 1;
  const temp = `${path}.${process.pid}.${tempCounter}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: CONFIG_DIR_MODE });
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      // Without it, a power cut after the rename can leave the new name on an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  // The new content is in place; a folder that cannot be flushed does not undo that.
  await syncDirectory(dirname(path)).catch(() => undefined);
}

/**
 * writeFileAtomically for code that holds a synchronous cross-process lock (withFileLockSync): the
 * same temp file, flush and rename, without giving the event loop a turn while the lock is held. The
 * folder is not flushed: a rename lost to a power cut leaves the previous file whole.
 */
export function writeFileAtomicallySync(path: string, text: string): void {
  tempCounter += 1;
  const temp = `${path}.${process.pid}.${tempCounter}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: CONFIG_DIR_MODE });
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeFileSync(fd, text, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
