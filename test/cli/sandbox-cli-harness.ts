/** The built CLI's `sandbox` command as a subprocess, and calls to its token-locked controls. */
import { once } from 'node:events';
import { isolatedConfigDir, spawnCli } from './cli-harness';

/** Starts `sandbox ...args` and resolves with the child and its stdout once the export lines are out. */
export async function startSandboxCommand(args: string[]) {
  const child = spawnCli(['sandbox', ...args], { env: { WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir() } });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (/^Authorization: Bearer \S+$/m.test(stdout) || stdout.trim().endsWith('}')) resolve();
    });
    child.once('exit', () => reject(new Error(`sandbox exited early:\n${stdout}\n${stderr}`)));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export function tokenOf(stdout: string): string {
  const token = /^Authorization: Bearer (\S+)$/m.exec(stdout)?.[1];
  if (token === undefined) throw new Error(`no control token in:\n${stdout}`);
  return token;
}

/** Calls a control route of the sandbox at `url` with `token` (none when undefined). */
export async function control(
  url: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${url}/_sandbox${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export function exportsOf(stdout: string): Record<string, string> {
  return Object.fromEntries(
    [...stdout.matchAll(/^export (WEBHOOK_TRAY_\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
  );
}

/** The sandbox URL from the first line the command prints. */
export function urlOf(stdout: string): string {
  return stdout.split('\n')[0]!.replace('Sandbox listening on ', '');
}
