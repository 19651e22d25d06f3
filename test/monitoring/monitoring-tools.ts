import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's root: tools get paths relative to it, wherever vitest was started. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Debian's binaries (`.ci/run` installs them); the packages' own services are never used. */
export const TOOLS = {
  prometheus: { path: '/usr/bin/prometheus', pkg: 'prometheus' },
  promtool: { path: '/usr/bin/promtool', pkg: 'prometheus' },
  alertmanager: { path: '/usr/bin/prometheus-alertmanager', pkg: 'prometheus-alertmanager' },
  amtool: { path: '/usr/bin/amtool', pkg: 'prometheus-alertmanager' },
} as const;

export type ToolName = keyof typeof TOOLS;

/** A missing tool fails the test with the install command: never a skip. */
export function requireTool(name: ToolName): string {
  const { path, pkg } = TOOLS[name];
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: install Debian's ${pkg} package ` +
        `(apt-get install --no-install-recommends ${pkg}; .ci/run does).`,
    );
  }
  return path;
}

export interface ToolResult {
  code: number | null;
  output: string;
}

/** Runs a tool to completion, stdout and stderr together (promtool and amtool split them unpredictably). */
export function runTool(name: ToolName, args: string[], cwd = REPO_ROOT): Promise<ToolResult> {
  const path = requireTool(name);
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
