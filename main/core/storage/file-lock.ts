import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { lockSync } from 'proper-lockfile';
import { AppError } from '../../common/errors';

/**
 * A lock older than this belongs to a process that died holding it and is taken over. A holder
 * keeps it for milliseconds (one read-modify-write); proper-lockfile refreshes it meanwhile.
 */
export const LOCK_STALE_MS = 5_000;

/** How long a writer waits for another process's lock: past the stale age, so a dead holder never blocks. */
export const LOCK_WAIT_MS = LOCK_STALE_MS + 3_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms`: the settings API is synchronous, and the wait is short and rare. */
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function noop(): void {}

/**
 * Whether the lock on `path` belongs to a process of this machine that no longer runs (killed while
 * writing). The owner file names the holder's pid; one clearly older than the lock is an earlier holder's.
 */
function heldByDeadProcess(path: string): boolean {
  try {
    const owner = `${path}.lock-owner`;
    // proper-lockfile may round the lock's time up to the next second (coarse file systems).
    if (statSync(owner).mtimeMs + 2_000 < statSync(`${path}.lock`).mtimeMs) return false;
    const pid = Number(readFileSync(owner, 'utf8'));
    if (!Number.isSafeInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `work` holding a cross-process lock on `path` (a `<path>.lock` folder beside it), so the app
 * and the CLI never interleave their read-modify-writes of one file. Waits for another holder, takes
 * over a stale lock (at once when its holder died), and throws a `settings` AppError when it stays busy.
 */
export function withFileLockSync<T>(path: string, work: () => T): T {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let release: () => void;
  for (let attempt = 0; ; attempt += 1) {
    try {
      // Held for milliseconds, a lock is only "compromised" when a paused process overran the stale age.
      release = lockSync(path, { realpath: false, stale: LOCK_STALE_MS, onCompromised: noop });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new AppError(
          'settings',
          `Another Webhook Tray process (the app or the CLI) has been changing ${path} for ${LOCK_WAIT_MS / 1000} s: try again. If no other one is running, remove the folder ${path}.lock.`,
          { cause: error },
        );
      }
      if (heldByDeadProcess(path)) {
        try {
          // Dated back, the lock is stale to proper-lockfile, which takes it over on the next attempt.
          utimesSync(`${path}.lock`, 0, 0);
          continue;
        } catch {
          // Released meanwhile: the next attempt finds out.
        }
      }
      sleepSync(Math.min(2 ** attempt, 50) * (0.5 + Math.random()));
    }
  }
  const owner = `${path}.lock-owner`;
  try {
    writeFileSync(owner, String(process.pid), { mode: 0o600 });
    return work();
  } finally {
    rmSync(owner, { force: true });
    try {
      release();
    } catch {
      // Already taken over as stale: the work is done, and the next writer has the lock.
    }
  }
}
