/**
 * CLI: `node out/main/cli.js status` end to end against the sandbox (process start,
 * module loading, one signed list call, classification, output), beside `node -e ''`, the
 * runtime's own start-up, measured alternately in the same run.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../main/core/sandbox';
import { BUILD_DIR } from './support/bench-paths';
import { printTable, saveResult } from './support/report';
import { fixed, median, nowMs } from './support/stats';

const CLI = join(BUILD_DIR, 'main/cli.js');
const RUNS = 10;
const TARGET_ABOVE_MS = 250;

let sandbox: RunningSandbox;

beforeAll(async () => {
  // The demo's healthy, failing and blocked webhooks; no timer, so every run sees the same list.
  sandbox = await startSandbox({ seed: 'demo', deliveryIntervalMs: null });
});

afterAll(async () => {
  await sandbox?.close();
});

interface Run {
  ms: number;
  /** The child's own CPU time (user + system), reported by report-cpu.cjs. */
  cpuMs: number;
  code: number | null;
  stdout: string;
}

const REPORT_CPU = resolve(__dirname, 'support/report-cpu.cjs');

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const start = nowMs();
    const child = spawn(process.execPath, ['--require', REPORT_CPU, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let ms = 0;
    let stdout = '';
    let cpu = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.resume();
    (child.stdio[3] as Readable).on('data', (chunk: Buffer) => (cpu += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', () => (ms = nowMs() - start));
    child.on('close', (code) => {
      const used = JSON.parse(cpu || '{"user":0,"system":0}') as { user: number; system: number };
      resolvePromise({ ms, cpuMs: (used.user + used.system) / 1000, code, stdout });
    });
  });
}

it('cli: status end to end vs node start-up', async () => {
  if (!existsSync(CLI)) throw new Error(`cli: ${CLI} is missing; run npx electron-vite build first`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    WEBHOOK_TRAY_BASE_URL: sandbox.url,
    WEBHOOK_TRAY_ACCOUNT: sandbox.credentials.account,
    WEBHOOK_TRAY_API_KEY: sandbox.credentials.apiKey,
    WEBHOOK_TRAY_API_SECRET: sandbox.credentials.apiSecret,
  };
  const status = [CLI, 'status'];
  const floor = ['-e', ''];
  const probe = await run(status, env);
  if (!probe.stdout.startsWith('WEBHOOK ')) {
    throw new Error(
      `cli: 'status' did not report a state (exit ${probe.code}): ${probe.stdout.slice(0, 200)}`,
    );
  }
  await run(floor, env);
  const ours: Run[] = [];
  const bare: Run[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    // Alternate the order so drift in machine load does not favour one side.
    const [first, second] = index % 2 === 0 ? [status, floor] : [floor, status];
    const a = await run(first, env);
    const b = await run(second, env);
    ours.push(first === status ? a : b);
    bare.push(first === status ? b : a);
  }
  const wall = (runs: Run[]) => runs.map((r) => r.ms);
  const cpu = (runs: Run[]) => runs.map((r) => r.cpuMs);
  const above = median(wall(ours)) - median(wall(bare));
  const cpuAbove = median(cpu(ours)) - median(cpu(bare));
  const row = (command: string, runs: Run[], extra: string[]) => [
    command,
    fixed(median(wall(runs)), 0),
    fixed(Math.min(...wall(runs)), 0),
    fixed(Math.max(...wall(runs)), 0),
    fixed(median(cpu(runs)), 0),
    ...extra,
  ];
  printTable(
    `CLI: 'status' against the sandbox vs node -e '', median of ${RUNS} (target <= ${TARGET_ABOVE_MS} ms above)`,
    ['command', 'median ms', 'min ms', 'max ms', 'CPU ms', 'above floor ms', 'CPU above ms', 'target'],
    [
      row('webhook-tray status', ours, [
        fixed(above, 0),
        fixed(cpuAbove, 0),
        above <= TARGET_ABOVE_MS ? 'met' : 'MISSED',
      ]),
      row("node -e ''", bare, ['', '', '']),
    ],
  );
  saveResult('cli-status', {
    status: ours.map(({ ms, cpuMs }) => ({ ms, cpuMs })),
    node: bare.map(({ ms, cpuMs }) => ({ ms, cpuMs })),
    firstLine: probe.stdout.split('\n')[0],
  });
});
