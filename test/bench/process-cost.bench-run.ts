/**
 * Process cost: the whole `webhook-tray watch` process polling once a second, against a bare script
 * making the same signed calls with plain axios (the library the product is built on) and one with
 * bare node:http. Several processes of each kind run side by side in one run, each polling its own
 * sandbox account of 20 subscriptions; CPU (user + system) and memory (RSS) are read from /proc.
 * Start-up is left out: CPU is the difference between two readings taken after a warm-up and at the
 * end of the measured window; memory is the highest RSS sampled once a second in that window.
 * BENCH_PROCESS_SECONDS (window, default 60), BENCH_PROCESS_WARMUP (seconds, default 10) and
 * BENCH_PROCESS_COUNT (processes of each kind, default 3) shorten it for a quick look.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import type { SandboxCredentials } from '../../main/core/sandbox';
import { benchAccounts } from './support/bench-accounts';
import { BUILD_DIR } from './support/bench-paths';
import { createListCallCounter } from './support/list-call-counter';
import { cpuMs, memoryMb } from './support/proc-stats';
import { printTable, saveResult } from './support/report';
import { startSandboxProcess, type SandboxProcess } from './support/sandbox-process';
import { fixed } from './support/stats';

/** A whole number from the environment, or its default. */
function setting(name: string, fallback: number, least: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < least) {
    throw new Error(
      `process-cost: ${name} must be a whole number from ${least} (got "${process.env[name]}")`,
    );
  }
  return value;
}

const WINDOW_S = setting('BENCH_PROCESS_SECONDS', 60, 2);
const WARM_UP_S = setting('BENCH_PROCESS_WARMUP', 10, 0);
const COUNT = setting('BENCH_PROCESS_COUNT', 3, 1);
const END = WARM_UP_S + WINDOW_S;
/** CPU is also printed for each half of the window: how much a one-off event (a full GC) moves it. */
const MIDDLE = WARM_UP_S + Math.floor(WINDOW_S / 2);
const SUBSCRIPTIONS = 20;
const TARGET_CPU = 1.35;
const TARGET_MEMORY = 1.5;
/** Later than any request's receivedAt, as an ISO string. */
const LATER = '9999-12-31T23:59:59.999Z';

const CLI = join(BUILD_DIR, 'main/cli.js');
const KINDS = [
  {
    name: 'webhook-tray watch',
    args: [CLI, 'watch', '--json', '--interval', '1', '--fast-interval', '1'],
  },
  { name: 'bare axios', args: [resolve(__dirname, 'support/bare-poller-axios.mjs')] },
  { name: 'bare node:http', args: [resolve(__dirname, 'support/bare-poller-http.mjs')] },
] as const;
type Kind = (typeof KINDS)[number]['name'];

interface Poller {
  kind: Kind;
  account: SandboxCredentials;
  child: ChildProcess;
  stderr: string;
  /** CPU ms and RSS MB read once a second from launch: [0] at launch, [WARM_UP_S] at the window's start. */
  cpuMs: number[];
  rssMb: number[];
  hwmMb: number;
  polls: number;
}

let sandbox: SandboxProcess;
const pollers: Poller[] = [];

beforeAll(async () => {
  const accounts = benchAccounts(KINDS.length * COUNT, 'process');
  sandbox = await startSandboxProcess({
    credentials: accounts[0]!,
    extraAccounts: accounts.slice(1),
    deliveryIntervalMs: null,
  });
  for (const account of accounts) {
    for (let index = 0; index < SUBSCRIPTIONS; index += 1) {
      await sandbox.addSubscription({ account: account.account, url: `https://shop-${index}.example/hook` });
    }
  }
});

afterAll(async () => {
  await Promise.all(pollers.map((poller) => stop(poller.child)));
  await sandbox?.close();
});

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

function launch(kind: (typeof KINDS)[number], account: SandboxCredentials): Poller {
  const child = spawn(process.execPath, kind.args, {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      WEBHOOK_TRAY_BASE_URL: sandbox.url,
      WEBHOOK_TRAY_ACCOUNT: account.account,
      WEBHOOK_TRAY_API_KEY: account.apiKey,
      WEBHOOK_TRAY_API_SECRET: account.apiSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const poller: Poller = {
    kind: kind.name,
    account,
    child,
    stderr: '',
    cpuMs: [],
    rssMb: [],
    hwmMb: 0,
    polls: 0,
  };
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => (poller.stderr += chunk.toString('utf8')));
  return poller;
}

function alive(poller: Poller): void {
  if (poller.child.exitCode !== null || poller.child.signalCode !== null) {
    throw new Error(
      `process-cost: ${poller.kind} ended early (${poller.child.exitCode ?? poller.child.signalCode}): ${poller.stderr}`,
    );
  }
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

it(
  `process cost: ${COUNT} x (watch, bare axios, bare node:http), 1 poll/s, ${SUBSCRIPTIONS} subscriptions`,
  async () => {
    if (!existsSync(CLI))
      throw new Error(`process-cost: ${CLI} is missing; run npx electron-vite build first`);
    const accounts = sandbox.accounts;
    // Interleaved, so that no kind is always started first or last.
    for (let index = 0; index < COUNT; index += 1) {
      KINDS.forEach((kind, k) => pollers.push(launch(kind, accounts[index * KINDS.length + k]!)));
    }
    const read = () => {
      for (const poller of pollers) {
        alive(poller);
        const memory = memoryMb(poller.child.pid!);
        poller.cpuMs.push(cpuMs(poller.child.pid!));
        poller.rssMb.push(memory.rssMb);
        poller.hwmMb = memory.hwmMb;
      }
    };
    read();
    const calls = createListCallCounter(() => sandbox.requests());
    let windowStart = new Date().toISOString();
    for (let second = 1; second <= END; second += 1) {
      await sleep(1000);
      read();
      if (second === WARM_UP_S) windowStart = new Date().toISOString();
      if (second > WARM_UP_S && second % 10 === 0) await calls.read(windowStart, LATER);
    }
    await calls.read(windowStart, new Date().toISOString());
    for (const poller of pollers) {
      poller.polls = calls.count(poller.account.apiKey);
      if (poller.polls < WINDOW_S / 2) {
        throw new Error(`process-cost: ${poller.kind} made ${poller.polls} calls in ${WINDOW_S} s`);
      }
    }
    const watchMessage = pollers.find((poller) => poller.kind === KINDS[0].name)?.stderr ?? '';
    if (!watchMessage.includes(`watch: ${SUBSCRIPTIONS} subscriptions`)) {
      throw new Error(
        `process-cost: watch did not report its ${SUBSCRIPTIONS} subscriptions: ${watchMessage}`,
      );
    }

    const summary = KINDS.map(({ name }) => {
      const group = pollers.filter((poller) => poller.kind === name);
      const used = (from: number, to: number) =>
        group.map((poller) => poller.cpuMs[to]! - poller.cpuMs[from]!);
      const cpu = used(WARM_UP_S, END);
      const window = (poller: Poller) => poller.rssMb.slice(WARM_UP_S);
      return {
        kind: name,
        polls: mean(group.map((poller) => poller.polls)),
        cpuMs: mean(cpu),
        cpuMinMs: Math.min(...cpu),
        cpuMaxMs: Math.max(...cpu),
        cpuFirstHalfMs: mean(used(WARM_UP_S, MIDDLE)),
        cpuSecondHalfMs: mean(used(MIDDLE, END)),
        rssMaxMb: mean(group.map((poller) => Math.max(...window(poller)))),
        rssEndMb: mean(group.map((poller) => poller.rssMb[END]!)),
        hwmMb: mean(group.map((poller) => poller.hwmMb)),
      };
    });
    const [ours, viaAxios, bare] = summary as [(typeof summary)[0], (typeof summary)[0], (typeof summary)[0]];
    printTable(
      `Process cost: ${COUNT} processes of each kind side by side, ${WINDOW_S} s after a ${WARM_UP_S} s warm-up, 1 poll/s of ${SUBSCRIPTIONS} subscriptions (means per process)`,
      [
        'process',
        'polls',
        'CPU ms',
        'CPU min-max ms',
        'CPU halves ms',
        'CPU % of a core',
        'CPU ms/poll',
        'RSS max MB',
        'RSS end MB',
        'VmHWM MB',
      ],
      summary.map((row) => [
        row.kind,
        fixed(row.polls, 0),
        fixed(row.cpuMs, 0),
        `${fixed(row.cpuMinMs, 0)}-${fixed(row.cpuMaxMs, 0)}`,
        `${fixed(row.cpuFirstHalfMs, 0)} + ${fixed(row.cpuSecondHalfMs, 0)}`,
        fixed((row.cpuMs / (WINDOW_S * 1000)) * 100, 2),
        fixed(row.cpuMs / row.polls, 2),
        fixed(row.rssMaxMb),
        fixed(row.rssEndMb),
        fixed(row.hwmMb),
      ]),
    );
    const cpuRatio = ours.cpuMs / viaAxios.cpuMs;
    const memoryRatio = ours.rssMaxMb / viaAxios.rssMaxMb;
    printTable(
      'Process cost: watch / bare axios (targets), and watch / bare node:http beside',
      ['', 'watch / axios', 'target', '', 'watch / node:http'],
      [
        [
          'CPU',
          fixed(cpuRatio, 2),
          `<= ${TARGET_CPU}`,
          cpuRatio <= TARGET_CPU ? 'met' : 'MISSED',
          fixed(ours.cpuMs / bare.cpuMs, 2),
        ],
        [
          'memory (RSS max)',
          fixed(memoryRatio, 2),
          `<= ${TARGET_MEMORY}`,
          memoryRatio <= TARGET_MEMORY ? 'met' : 'MISSED',
          fixed(ours.rssMaxMb / bare.rssMaxMb, 2),
        ],
      ],
    );
    saveResult('process-cost', {
      windowSeconds: WINDOW_S,
      warmUpSeconds: WARM_UP_S,
      processesPerKind: COUNT,
      subscriptions: SUBSCRIPTIONS,
      summary,
      processes: pollers.map(({ kind, polls, cpuMs, rssMb, hwmMb }) => ({
        kind,
        polls,
        cpuMs,
        rssMb,
        hwmMb,
      })),
    });
  },
  (WARM_UP_S + WINDOW_S + 120) * 1000,
);
