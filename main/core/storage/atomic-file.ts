import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

let tempCounter = 0;

/**
 * Writes `text` to `path` so that a reader (or a crash) only ever sees the old file or the new
 * one, never half of it: the text goes to a temp file beside it, then a rename replaces the file.
 * The file is readable by its owner only. On failure the temp file is removed and the error thrown.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  tempCounter += 1;
  const temp = `${path}.${process.pid}.${tempCounter}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, text, { encoding: 'utf8', mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
