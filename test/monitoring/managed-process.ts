import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** How much of a process's output is kept for the failure report. */
const TAIL_CHARS = 4_000;
/** Time a process gets to exit after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

/** A child process of an end-to-end test: its output's tail kept, stopped for sure afterwards. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** The last lines of its stdout and stderr, with its exit status when it has ended. */
  tail(): string;
  /** Whether it has exited (or could not start). */
  ended(): boolean;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Takes charge of a spawned child (stdout and stderr piped). */
export function manage(name: string, child: ChildProcess): ManagedProcess {
  let output = '';
  let exit: string | null = null;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Should the test's worker end first (a crash, a hard timeout), the child must not outlive it.
  const killWithWorker = () => child.kill('SIGKILL');
  process.once('exit', killWithWorker);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal === null ? `exit code ${code}` : `signal ${signal}`;
      process.removeListener('exit', killWithWorker);
      resolve();
    });
    child.once('error', (error) => {
      exit = `could not start: ${error.message}`;
      resolve();
    });
  });
  return {
    name,
    child,
    tail: () => `--- ${name} (${exit ?? 'running'}) ---\n${output.trimEnd()}\n`,
    ended: () => exit !== null,
    async stop() {
      if (exit !== null || child.pid === undefined) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Spawns `command args` with its output piped, under `manage`. */
export function startProcess(name: string, command: string, args: string[]): ManagedProcess {
  return manage(name, spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** A port on 127.0.0.1 free a moment ago (never a default port of the packages' own services). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}

/**
 * Calls `probe` every 250 ms until it resolves to a value other than undefined; a probe that throws
 * (a connection refused while a server starts) counts as not yet. Rejects at `timeoutMs`, or as
 * soon as `giveUpIf()` is true (the process waited for has exited), with what `detail()` says.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; detail?: () => string; giveUpIf?: () => boolean },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    if (options.giveUpIf?.() === true)
      throw new Error(`gave up waiting for ${what}\n${options.detail?.() ?? ''}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      const last = lastError === '' ? '' : ` (last error: ${lastError})`;
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${what}${last}\n${options.detail?.() ?? ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
