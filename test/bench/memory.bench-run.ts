/**
 * Memory: the monitor watching 200 profiles over many poll cycles, with driven time
 * (injectable timers: each cycle moves the clock one interval and fires the due polls) and real
 * HTTP to the sandbox, which runs in its own process so its heap is not counted. Heap and RSS are
 * read after a forced GC at the start (after a warm-up) and the end, with samples in between, and
 * once early in the warm-up, so that what the warm-up absorbs stays in the table.
 * BENCH_MEMORY_CYCLES sets the cycle count (default: the 10,000, about 3 minutes; fewer for a
 * quick look).
 */
import { afterAll, beforeAll, it } from 'vitest';
import { createCalypsoClient } from '../../main/core/api';
import { createMonitor } from '../../main/core/monitor/monitor';
import type { MonitorSnapshot } from '../../main/core/monitor/types';
import { benchAccounts } from './support/bench-accounts';
import { DrivenTimers } from './support/driven-timers';
import { printTable, saveResult } from './support/report';
import { startSandboxProcess, type SandboxProcess } from './support/sandbox-process';
import { MB, fixed, nowMs } from './support/stats';

const PROFILES = 200;
const DEFAULT_CYCLES = 10_000;
const CYCLES = Number(process.env.BENCH_MEMORY_CYCLES ?? DEFAULT_CYCLES);
/**
 * Cycles before the start reading: the process's native memory settles there. With 20, some runs
 * showed RSS 10-25 MB higher within the next 100-1,000 cycles and flat after it, for the rest of
 * 10,000 cycles: the main thread's malloc heap ([heap] in /proc/self/smaps) reaching its working size,
 * with V8's heap, external and ArrayBuffer memory flat (the history of BENCHMARKS.md). Growth means what
 * keeps growing; the early reading (after EARLY_CYCLES) is printed beside the start.
 */
const WARM_UP_CYCLES = 300;
const EARLY_CYCLES = 20;
const SAMPLES = 10;
const FAST_MS = 15_000;
const NORMAL_MS = 60_000;
const TARGET_GROWTH_MB = 10;

let sandbox: SandboxProcess;

beforeAll(async () => {
  const accounts = benchAccounts(PROFILES, 'memory');
  sandbox = await startSandboxProcess({ credentials: accounts[0]!, extraAccounts: accounts.slice(1) });
  // Every profile has a healthy, a failing and a blocked webhook, so it sits on the fast lane.
  for (const account of accounts) {
    await sandbox.addSubscription({ account: account.account, url: 'https://ok.example/hook' });
    await sandbox.addSubscription({
      account: account.account,
      url: 'https://failing.example/hook',
      errorCount: 7,
      errorFirstDate: new Date().toISOString(),
      errorLastDate: new Date().toISOString(),
    });
    await sandbox.addSubscription({
      account: account.account,
      url: 'https://blocked.example/hook',
      errorCount: 101,
      blockedByErrorCount: true,
    });
  }
});

afterAll(async () => {
  await sandbox?.close();
});

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('memory: run with --expose-gc (the bench config passes it)');
  gc();
  gc();
}

function usage(): { heapMb: number; rssMb: number } {
  collect();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapMb: heapUsed / MB, rssMb: rss / MB };
}

it(
  `memory: ${PROFILES} profiles x ${CYCLES} poll cycles`,
  async () => {
    const time = new DrivenTimers();
    const monitor = createMonitor({
      timers: time,
      now: time.now,
      normalIntervalMs: NORMAL_MS,
      fastIntervalMs: FAST_MS,
      targets: sandbox.accounts.map((account, index) => ({
        profileId: `p${index}`,
        profileName: `Profile ${index}`,
        client: createCalypsoClient({ baseUrl: sandbox.url, ...account }),
      })),
    });
    // Keep the whole snapshot of every update (more than the app, whose tray and window read it at
    // most every 250 ms): nothing a listener holds may make memory grow.
    let latest: MonitorSnapshot | null = null;
    let polled = 0;
    let wake: (() => void) | null = null;
    monitor.subscribe((update) => {
      latest = update.snapshot;
      if (update.profileId === null) return;
      polled += 1;
      if (polled >= PROFILES) wake?.();
    });
    let events = 0;
    monitor.onEvent(() => (events += 1));

    async function cycle(): Promise<void> {
      polled = 0;
      const done = new Promise<void>((resolve) => (wake = resolve));
      const fired = time.advance(FAST_MS);
      if (fired < PROFILES) throw new Error(`memory: only ${fired} polls were due`);
      await done;
    }

    monitor.start();
    let early = { heapMb: 0, rssMb: 0 };
    for (let index = 1; index <= WARM_UP_CYCLES; index += 1) {
      await cycle();
      if (index === EARLY_CYCLES) early = usage();
    }
    const start = usage();
    const samples: { cycle: number; heapMb: number; rssMb: number }[] = [{ cycle: 0, ...start }];
    const began = nowMs();
    for (let index = 1; index <= CYCLES; index += 1) {
      await cycle();
      if (index % Math.max(1, Math.floor(CYCLES / SAMPLES)) === 0) {
        samples.push({ cycle: index, ...usage() });
        process.stdout.write(`memory: cycle ${index}/${CYCLES}, ${fixed((nowMs() - began) / 1000, 0)} s\n`);
      }
    }
    const seconds = (nowMs() - began) / 1000;
    monitor.stop();
    const end = usage();
    const snapshot = latest as MonitorSnapshot | null;
    const channels = snapshot?.profiles.reduce((sum, p) => sum + p.channels.length, 0) ?? 0;
    if (channels !== PROFILES * 3) throw new Error(`memory: the snapshot holds ${channels} channels`);

    printTable(
      `Memory: ${PROFILES} profiles x ${CYCLES} poll cycles (${PROFILES * CYCLES} real list requests in ${fixed(seconds, 0)} s), after forced GC`,
      ['cycle', 'heap used MB', 'RSS MB'],
      samples.map((s) => [s.cycle, fixed(s.heapMb), fixed(s.rssMb)]),
    );
    const heapGrowth = end.heapMb - start.heapMb;
    const rssGrowth = end.rssMb - start.rssMb;
    printTable(
      `Memory growth (target < ${TARGET_GROWTH_MB} MB)`,
      [
        '',
        `after ${EARLY_CYCLES} cycles MB`,
        `start MB (after ${WARM_UP_CYCLES})`,
        'end MB',
        'growth MB',
        'target',
      ],
      [
        [
          'heap used',
          fixed(early.heapMb),
          fixed(start.heapMb),
          fixed(end.heapMb),
          fixed(heapGrowth),
          heapGrowth < 10 ? 'met' : 'MISSED',
        ],
        [
          'RSS',
          fixed(early.rssMb),
          fixed(start.rssMb),
          fixed(end.rssMb),
          fixed(rssGrowth),
          rssGrowth < 10 ? 'met' : 'MISSED',
        ],
      ],
    );
    saveResult(`memory-${CYCLES}`, {
      profiles: PROFILES,
      cycles: CYCLES,
      seconds,
      events,
      warmUpCycles: WARM_UP_CYCLES,
      early,
      start,
      end,
      samples,
    });
    // A long run (10000 cycles are 2 million requests) must not hit the default per-test limit.
  },
  Math.max(5 * 60_000, CYCLES * 1000),
);
