import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from './atomic-file';
import type { MonitorTimers } from './monitor';
import { initialPolicyState } from './policy';
import type { PolicyState } from './policy';
import { NOTIFICATION_KINDS } from './types';

export interface PolicyStoreOptions {
  /** The config folder; the file is `<dir>/<fileName>`, beside history.json. */
  dir: string;
  fileName?: string;
  /** Writes are grouped: at most one per this delay (default 2 s). */
  debounceMs?: number;
  timers?: MonitorTimers;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * The notification policy's memory of ongoing incidents, kept on disk so that a restart does not
 * notify again what was already notified.
 */
export interface PolicyStore {
  /** The state read at open (empty when there was none), then the latest one saved. */
  current(): PolicyState;
  /** Keeps `state`; the write to disk is debounced and skipped when nothing changed. */
  save(state: PolicyState): void;
  /** Writes a pending change now. */
  flush(): Promise<void>;
  /** Flushes and stops; later saves are ignored. */
  close(): Promise<void>;
}

const fileSchema = z.object({
  version: z.literal(1),
  incidents: z.record(
    z.string(),
    z.object({
      profileId: z.string(),
      startedAt: z.string(),
      tag: z.string(),
      sent: z.array(z.enum(NOTIFICATION_KINDS)),
    }),
  ),
});

const defaultTimers: MonitorTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Opens (or creates) the policy state file in the config folder. It is written atomically (temp
 * file, then rename). An unreadable file is set aside and the state starts empty: at worst an
 * ongoing incident is notified once more.
 */
export async function openPolicyStore(options: PolicyStoreOptions): Promise<PolicyStore> {
  const path = join(options.dir, options.fileName ?? 'policy-state.json');
  const debounceMs = options.debounceMs ?? 2_000;
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);

  let state = await load();
  /** What the file holds once the writes queued so far are done. */
  let queuedText = serialize(state);
  let pendingText: string | null = null;
  let closed = false;
  let timer: { handle: unknown } | null = null;
  let writing: Promise<void> = Promise.resolve();

  function serialize(value: PolicyState): string {
    return JSON.stringify({ version: 1, incidents: value.incidents });
  }

  async function load(): Promise<PolicyState> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return initialPolicyState();
    }
    try {
      return { incidents: fileSchema.parse(JSON.parse(text)).incidents };
    } catch {
      const aside = `${path}.corrupt-${now()}`;
      log(`policy-store: ${path} is unreadable, starting empty (kept as ${aside})`);
      await rename(path, aside).catch(() => undefined);
      return initialPolicyState();
    }
  }

  async function write(): Promise<void> {
    const text = pendingText;
    if (text === null) return;
    pendingText = null;
    try {
      await writeFileAtomically(path, text);
    } catch (error) {
      pendingText ??= text;
      log(`policy-store: could not save ${path}: ${error instanceof Error ? error.message : String(error)}`);
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
    current: () => state,

    save(next) {
      if (closed) return;
      state = next;
      const text = serialize(next);
      if (text === queuedText) return;
      queuedText = text;
      pendingText = text;
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
      if (closed) return;
      closed = true;
      await flush();
    },
  };
}
