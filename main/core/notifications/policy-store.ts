import { join } from 'node:path';
import { z } from 'zod';
import { createDebouncedFileWriter, readJsonOrSetAside } from '../storage';
import type { Timers } from '../base';
import { initialPolicyState } from './policy';
import type { PolicyState } from './policy';
import { NOTIFICATION_KINDS } from '../../common/notification-kinds';

export const POLICY_STATE_FILE_NAME = 'policy-state.json';

export interface PolicyStoreOptions {
  /** The config folder; the file is `<dir>/<fileName>`, beside history.json. */
  dir: string;
  fileName?: string;
  /** Writes are grouped: at most one per this delay (default 2 s). */
  debounceMs?: number;
  timers?: Timers;
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

/**
 * Opens (or creates) the policy state file in the config folder. It is written atomically (temp
 * file, then rename). An unreadable file is set aside and the state starts empty: at worst an
 * ongoing incident is notified once more.
 */
export async function openPolicyStore(options: PolicyStoreOptions): Promise<PolicyStore> {
  const path = join(options.dir, options.fileName ?? POLICY_STATE_FILE_NAME);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);

  const saved = await readJsonOrSetAside({
    path,
    parse: (json) => fileSchema.parse(json).incidents,
    now,
    log,
    name: 'policy-store',
  });
  let state: PolicyState = saved === null ? initialPolicyState() : { incidents: saved };
  /** What the file holds once the writes queued so far are done. */
  let queuedText = serialize(state);
  let closed = false;
  const writer = createDebouncedFileWriter({
    path,
    debounceMs: options.debounceMs ?? 2_000,
    timers: options.timers,
    log,
    name: 'policy-store',
  });

  function serialize(value: PolicyState): string {
    return JSON.stringify({ version: 1, incidents: value.incidents });
  }

  return {
    current: () => state,

    save(next) {
      if (closed) return;
      state = next;
      const text = serialize(next);
      if (text === queuedText) return;
      queuedText = text;
      writer.schedule(text);
    },

    flush: () => writer.flush(),

    async close() {
      if (closed) return;
      closed = true;
      await writer.close();
    },
  };
}
