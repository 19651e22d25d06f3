import { readFile, rename } from 'node:fs/promises';
import { writeFileAtomically } from './atomic-file';
import { realTimers, type Timers } from '../base';

export interface DebouncedFileWriterOptions {
  path: string;
  /** Writes are grouped: at most one per this delay. */
  debounceMs: number;
  timers?: Timers;
  log: (line: string) => void;
  /** The owning module's name, which starts its log lines. */
  name: string;
}

export interface DebouncedFileWriter {
  /**
   * Marks `text` as the file's next content and starts the debounce timer if none runs. A function
   * is called only when the write happens, so a store that changes often (history) serializes once
   * per write instead of once per change. Ignored after close().
   */
  schedule(text: string | (() => string)): void;
  /** Writes a pending change now (after any write already under way). */
  flush(): Promise<void>;
  /** Flushes and stops; later schedules are ignored. */
  close(): Promise<void>;
}

export interface ReadJsonOptions<T> {
  path: string;
  /** Validates the parsed JSON; throws when it is not a file this store understands. */
  parse: (json: unknown) => T;
  now: () => number;
  log: (line: string) => void;
  /** The owning module's name, which starts its log lines. */
  name: string;
}

/**
 * Creates a writer that keeps a file up to date with debounced atomic writes (temp file, then
 * rename). Writes run one after another; a failed write is logged and its content stays pending,
 * so the next flush (timer, explicit or close) tries again.
 */
export function createDebouncedFileWriter(options: DebouncedFileWriterOptions): DebouncedFileWriter {
  const { path, debounceMs, log, name } = options;
  const timers = options.timers ?? realTimers;
  let pending: (() => string) | null = null;
  let closed = false;
  let timer: { handle: unknown } | null = null;
  let writing: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    const produce = pending;
    if (produce === null) return;
    pending = null;
    try {
      await writeFileAtomically(path, produce());
    } catch (error) {
      pending ??= produce;
      log(`${name}: could not save ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function flush(): Promise<void> {
    if (timer !== null) {
      timers.clearTimeout(timer.handle);
      timer = null;
    }
    writing = writing.then(write);
    return writing;
  }

  return {
    schedule(text) {
      if (closed) return;
      pending = typeof text === 'string' ? () => text : text;
      if (timer !== null) return;
      const current = {
        handle: timers.setTimeout(() => {
          if (timer !== current) return;
          timer = null;
          void flush();
        }, debounceMs),
      };
      timer = current;
    },

    flush,

    async close() {
      closed = true;
      await flush();
    },
  };
}

/**
 * Reads and validates a JSON file. Returns null when there is no file, and also when it is
 * unreadable (bad JSON or refused by `parse`): such a file is renamed to `<path>.corrupt-<now>`
 * and logged, so the store starts empty without losing what was there.
 */
export async function readJsonOrSetAside<T>(options: ReadJsonOptions<T>): Promise<T | null> {
  const { path, parse, now, log, name } = options;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return parse(JSON.parse(text));
  } catch {
    const aside = `${path}.corrupt-${now()}`;
    log(`${name}: ${path} is unreadable, starting empty (kept as ${aside})`);
    await rename(path, aside).catch(() => undefined);
    return null;
  }
}
