import { readFileSync, renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ensurePrivateConfigDir, withFileLockSync, writeFileAtomicallySync } from '../storage';
import { ACTIVITY_ACTIONS, ENVIRONMENT_PROFILE_ID } from './types';
import type { ActivityEntry, ActivityTarget } from './types';

export const ACTIVITY_FILE_NAME = 'activity.json';

const DAY = 24 * 60 * 60_000;

export interface ActivityLogOptions {
  /** The config folder the app and the CLI share; the file is `<dir>/<fileName>`. */
  dir: string;
  fileName?: string;
  /** Entries kept per webhook (account-wide entries count for their account) (default 50). */
  maxPerChannel?: number;
  /** Entries kept over all webhooks (default 5,000). */
  maxEntries?: number;
  /** Entries older than this are dropped (default 30 days). */
  maxAgeMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/** An action to record; `at` defaults to now. */
export type NewActivity = Omit<ActivityEntry, 'at'> & { at?: string };

export interface ActivityLog {
  /**
   * Appends one action under the file's cross-process lock. Never throws: the action it records
   * already happened, so a busy lock or a full disk is logged and the entry lost. True when kept.
   */
  record(activity: NewActivity): boolean;
  /**
   * The entries about one webhook, newest first: its own, its account's account-wide ones, and the
   * CLI's on environment credentials for the same account.
   */
  entriesFor(target: ActivityTarget): Promise<ActivityEntry[]>;
}

// Unknown fields are dropped on read, so nothing but these ever goes back into the file.
const entrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  profileId: z.string().min(1),
  account: z.string(),
  apiHost: z.string().optional(),
  requestId: z.string().min(1).nullable(),
  action: z.enum(ACTIVITY_ACTIONS),
  by: z.enum(['app', 'cli']),
  previousUrl: z.string().optional(),
  url: z.string().optional(),
});

const fileSchema = z.object({ version: z.literal(1), entries: z.array(entrySchema) });

function groupOf(entry: ActivityEntry): string {
  return JSON.stringify([entry.profileId, entry.account, entry.requestId]);
}

function concerns(entry: ActivityEntry, target: ActivityTarget): boolean {
  const owner =
    entry.profileId === target.profileId ||
    (entry.profileId === ENVIRONMENT_PROFILE_ID &&
      entry.account === target.account &&
      (entry.apiHost === undefined || entry.apiHost === target.apiHost));
  return owner && (entry.requestId === null || entry.requestId === target.requestId);
}

/**
 * The activity log in the config folder: this app's own actions per webhook, written by the app
 * and by the CLI. Each write rereads the file under a lock, so neither process loses the other's
 * entries; an unreadable file is set aside (`.corrupt-<time>`) and the log starts again.
 */
export function openActivityLog(options: ActivityLogOptions): ActivityLog {
  const path = join(options.dir, options.fileName ?? ACTIVITY_FILE_NAME);
  const maxPerChannel = options.maxPerChannel ?? 50;
  const maxEntries = options.maxEntries ?? 5_000;
  const maxAgeMs = options.maxAgeMs ?? 30 * DAY;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);

  /** Oldest first; an unreadable file is set aside (only under the lock, where no writer races). */
  function readForWrite(): ActivityEntry[] {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return [];
    }
    try {
      return fileSchema.parse(JSON.parse(text)).entries;
    } catch {
      const aside = `${path}.corrupt-${now()}`;
      log(`activity: ${path} is unreadable, starting empty (kept as ${aside})`);
      try {
        renameSync(path, aside);
      } catch {
        // Gone meanwhile: nothing to keep.
      }
      return [];
    }
  }

  /** The age, per-webhook and total caps, keeping the newest. */
  function prune(entries: ActivityEntry[]): ActivityEntry[] {
    const oldest = now() - maxAgeMs;
    const perGroup = new Map<string, number>();
    const kept: ActivityEntry[] = [];
    for (let i = entries.length - 1; i >= 0 && kept.length < maxEntries; i -= 1) {
      const entry = entries[i]!;
      if (Date.parse(entry.at) < oldest) continue;
      const group = groupOf(entry);
      const count = perGroup.get(group) ?? 0;
      if (count >= maxPerChannel) continue;
      perGroup.set(group, count + 1);
      kept.push(entry);
    }
    return kept.reverse();
  }

  return {
    record(activity) {
      try {
        const entry = entrySchema.parse({ ...activity, at: activity.at ?? new Date(now()).toISOString() });
        ensurePrivateConfigDir(dirname(path));
        withFileLockSync(path, () => {
          const entries = prune([...readForWrite(), entry]);
          writeFileAtomicallySync(path, JSON.stringify({ version: 1, entries }));
        });
        return true;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log(`activity: could not record ${activity.action} in ${path}: ${reason}`);
        return false;
      }
    },

    async entriesFor(target) {
      let entries: ActivityEntry[];
      try {
        entries = fileSchema.parse(JSON.parse(await readFile(path, 'utf8'))).entries;
      } catch {
        // No file yet, or an unreadable one: the next record sets it aside.
        return [];
      }
      return entries
        .filter((entry) => concerns(entry, target))
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    },
  };
}
