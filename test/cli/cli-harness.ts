import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../main/core/sandbox';
import { requireKeyring } from '../core/accounts/keyring';

/**
 * The built CLI. `npm test` builds before testing; run `npx electron-vite build` when running these
 * alone. WEBHOOK_TRAY_TEST_CLI points at a copy instead (a build of its own, safe from a concurrent
 * rebuild of out/ in a shared checkout).
 */
export const CLI_PATH =
  process.env.WEBHOOK_TRAY_TEST_CLI ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../out/main/cli.js');

/** Fails the suite with instructions when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI_PATH)) {
    throw new Error(
      `${CLI_PATH} does not exist: build it first with \`npx electron-vite build\` (npm test does).`,
    );
  }
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Variables added to the child's environment (WEBHOOK_TRAY_* from this process are never inherited). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed; stdin is never a terminal here. */
  input?: string;
  /** Replace the environment instead of extending the inherited one (PATH and HOME are kept). */
  cleanEnv?: boolean;
  /** The child's working folder (default: this process's). */
  cwd?: string;
}

/** Variables of the developer's terminal that change what the CLI prints: a test sets them itself. */
const TERMINAL_VARIABLES = new Set(['COLUMNS', 'NO_COLOR', 'FORCE_COLOR']);

function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('WEBHOOK_TRAY_') && !TERMINAL_VARIABLES.has(key),
    ),
  );
}

function childEnv(options: CliRunOptions): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = options.cleanEnv
    ? { PATH: process.env.PATH, HOME: process.env.HOME }
    : inheritedEnv();
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `node out/main/cli.js ...args` to completion. */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      env: childEnv(options),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Starts the CLI without waiting for it to end (the `sandbox` command). */
export function spawnCli(args: string[], options: CliRunOptions = {}) {
  return spawn(process.execPath, [CLI_PATH, ...args], {
    env: childEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), so stdin, stdout and stderr are all
 * terminals; when the screen first shows `answer.prompt`, types `answer.keys` and Enter. Resolves
 * with everything the terminal displayed (stdout and stderr together) and the exit code.
 */
export function onTerminal(
  args: string[],
  env: Record<string, string | undefined>,
  answer?: { prompt: string; keys: string },
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, CLI_PATH, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: childEnv({ env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let answered = answer === undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk;
    if (!answered && screen.includes(answer!.prompt)) {
      answered = true;
      child.stdin.write(`${answer!.keys}\r`);
    }
  });
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, screen }));
  });
}

/** Parses stdout as the one JSON document `--json` promises. */
export function json<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

/** A fresh, empty config folder, so no test sees another's profiles or the developer's own. */
export function isolatedConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'wt-cli-config-'));
}

/**
 * For a file whose tests all run the built CLI with the real keychain against one sandbox: registers
 * hooks that check both before the first test and start the sandbox, then close it after the last.
 * Call at the top level; the returned function gives the running sandbox inside tests.
 */
export function useSharedSandbox(): () => RunningSandbox {
  let sandbox: RunningSandbox | null = null;
  beforeAll(async () => {
    requireBuiltCli();
    requireKeyring();
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    sandbox = null;
  });
  return () => {
    if (sandbox === null) throw new Error('the shared sandbox runs only during the tests of this file');
    return sandbox;
  };
}

/** The arguments of `profile add` for this sandbox's account, the secret to come on stdin. */
export function profileAddArgs(sandbox: RunningSandbox, name: string): string[] {
  return [
    'profile',
    'add',
    '--name',
    name,
    '--base-url',
    sandbox.url,
    '--account',
    sandbox.credentials.account,
    '--api-key',
    sandbox.credentials.apiKey,
    '--secret-stdin',
  ];
}

/** The environment that points the CLI at this sandbox's account, in a config folder of its own. */
export function sandboxEnv(sandbox: RunningSandbox): Record<string, string> {
  return {
    WEBHOOK_TRAY_BASE_URL: sandbox.url,
    WEBHOOK_TRAY_ACCOUNT: sandbox.credentials.account,
    WEBHOOK_TRAY_API_KEY: sandbox.credentials.apiKey,
    WEBHOOK_TRAY_API_SECRET: sandbox.credentials.apiSecret,
    WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir(),
  };
}

/** A sandbox for one test file's CLI runs, with the environment credentials that reach it. */
export async function startCliSandbox(): Promise<{ sandbox: RunningSandbox; env: Record<string, string> }> {
  requireBuiltCli();
  const sandbox = await startSandbox();
  return { sandbox, env: sandboxEnv(sandbox) };
}
