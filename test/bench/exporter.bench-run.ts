/**
 * Exporter: the built `webhook-tray exporter` watching many sandbox accounts (200 x 10 subscriptions,
 * then 1,000 x 20), as a child process with an accounts file (secrets from 0600 files and from the
 * environment). The sandbox runs in a process of its own. Once every account has been polled
 * (calypso_webhook_last_poll_timestamp_seconds for each), three figures: CPU (user + system from
 * /proc) over full poll cycles with no scrape in the window, divided by the list calls the sandbox
 * recorded; memory (VmRSS, VmHWM, and the heap from the exporter's own Node metrics); and the wall
 * time of a /metrics scrape seen from the client. BENCH_EXPORTER_SIZES (e.g. `200x10`),
 * BENCH_EXPORTER_CYCLES (default 2), BENCH_EXPORTER_WARMUP (seconds before the CPU window, default
 * 30) and BENCH_EXPORTER_SCRAPES (default 50) shorten it; BENCH_EXPORTER_CPU_PROF=1 writes a V8
 * CPU profile of the exporter under test-results/bench/.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'vitest';
import { BENCH_OUT_DIR, BUILD_DIR } from './support/bench-paths';
import { planFleet, writeAccountsFile, type Fleet, type SeededState } from './support/exporter-fleet';
import { freePort, startExporter, type ExporterProcess } from './support/exporter-process';
import { createListCallCounter } from './support/list-call-counter';
import { cpuMs, memoryMb } from './support/proc-stats';
import { parseScrape, singleValue, type Sample } from '../support/prom-text';

import { printTable, saveResult } from './support/report';
import { startSandboxProcess, type SandboxProcess } from './support/sandbox-process';
import { MB, fixed, median, nowMs } from './support/stats';

const promSamples = (text: string, wanted: (name: string) => boolean): Sample[] =>
  parseScrape(text, wanted).samples;

function setting(name: string, fallback: number, least: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < least) {
    throw new Error(`exporter: ${name} must be a whole number from ${least} (got "${process.env[name]}")`);
  }
  return value;
}

/** `200x10,1000x20`: accounts x subscriptions per account. */
function sizes(raw: string): { accounts: number; perAccount: number }[] {
  return raw.split(',').map((part) => {
    const match = /^\s*(\d+)x(\d+)\s*$/.exec(part);
    if (match === null || Number(match[1]) < 1 || Number(match[2]) < 1) {
      throw new Error(`exporter: BENCH_EXPORTER_SIZES takes e.g. 200x10,1000x20 (got "${raw}")`);
    }
    return { accounts: Number(match[1]), perAccount: Number(match[2]) };
  });
}

const SIZES = sizes(process.env.BENCH_EXPORTER_SIZES ?? '200x10,1000x20');
const CYCLES = setting('BENCH_EXPORTER_CYCLES', 2, 1);
const WARM_UP_S = setting('BENCH_EXPORTER_WARMUP', 30, 0);
const SCRAPES = setting('BENCH_EXPORTER_SCRAPES', 50, 5);
const CPU_PROFILE = process.env.BENCH_EXPORTER_CPU_PROF === '1';
/** The exporter's poll intervals (its defaults, passed explicitly): every healthy account, one with a failing webhook. */
const NORMAL_S = 60;
const FAST_S = 15;
const WINDOW_S = CYCLES * NORMAL_S;
const TARGETS = { accounts: 200, perAccount: 10, scrapeMs: 100, memoryMb: 250 };
const CLI = join(BUILD_DIR, 'main/cli.js');
const LAST_POLL = 'calypso_webhook_last_poll_timestamp_seconds';
const HEALTH = 'calypso_webhook_health';
const REQUESTS = 'calypso_api_requests_total';
const LATER = '9999-12-31T23:59:59.999Z';

const sleep = (ms: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
const p95 = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

let cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function startFleet(fleet: Fleet): Promise<SandboxProcess> {
  const seedFile = join(BENCH_OUT_DIR, 'exporter-seeds.json');
  writeFileSync(seedFile, JSON.stringify(fleet.seeds));
  return startSandboxProcess(
    { credentials: fleet.accounts[0]!, extraAccounts: fleet.accounts.slice(1), deliveryIntervalMs: null },
    seedFile,
  );
}

/** Scrapes once a second until every account has a last-poll timestamp; returns that scrape's text. */
async function untilEveryAccountPolled(exporter: ExporterProcess, fleet: Fleet): Promise<string> {
  const deadline = Date.now() + 120_000 + fleet.accounts.length * 200;
  let seen = 0;
  for (;;) {
    exporter.assertAlive('before every account was polled');
    const text = await exporter.scrape().then(
      (scrape) => scrape.text,
      () => null,
    );
    if (text !== null) {
      const polled = promSamples(text, (name) => name === LAST_POLL).filter((sample) => sample.value > 0);
      seen = new Set(polled.map((sample) => sample.labels.profile)).size;
      if (seen >= fleet.accounts.length) return text;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `exporter: ${seen} of ${fleet.accounts.length} accounts polled in time; stderr:\n${exporter.stderr().slice(-2000)}`,
      );
    }
    await sleep(1000);
  }
}

/** The states the exporter reports (one health series per subscription), by state. */
function reportedStates(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sample of promSamples(text, (name) => name === HEALTH)) {
    const state = sample.labels.state ?? '?';
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}

const apiRequests = (text: string) => sum(promSamples(text, (name) => name === REQUESTS).map((s) => s.value));

for (const size of SIZES) {
  const label = `${size.accounts} x ${size.perAccount}`;
  it(
    `exporter: ${label} subscriptions, scrape, memory and CPU per poll`,
    async () => {
      if (!existsSync(CLI)) throw new Error(`exporter: ${CLI} is missing; run npx electron-vite build first`);
      const fleet = planFleet(size.accounts, size.perAccount, Date.now());
      const sandbox = await startFleet(fleet);
      cleanups.push(() => sandbox.close());
      const home = mkdtempSync(join(tmpdir(), 'bench-exporter-'));
      cleanups.push(() => rmSync(home, { recursive: true, force: true }));
      const accountsFile = writeAccountsFile(fleet, sandbox.url, home);
      const port = await freePort();
      const nodeArgs = CPU_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', join(BENCH_OUT_DIR, 'exporter-cpu-prof')]
        : [];
      const launched = nowMs();
      const exporter = startExporter(
        [
          CLI,
          'exporter',
          '--accounts-file',
          accountsFile.file,
          '--listen',
          `127.0.0.1:${port}`,
          '--interval',
          String(NORMAL_S),
          '--fast-interval',
          String(FAST_S),
        ],
        { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...accountsFile.env },
        port,
        nodeArgs,
      );
      let exitCode: number | null | undefined;
      cleanups.push(async () => {
        exitCode ??= await exporter.stop();
      });

      const firstFull = await untilEveryAccountPolled(exporter, fleet);
      const firstPollS = (nowMs() - launched) / 1000;
      const states = reportedStates(firstFull);
      if (sum(Object.values(states)) !== fleet.seeds.length) {
        throw new Error(
          `exporter: /metrics holds ${sum(Object.values(states))} ${HEALTH} series for ${fleet.seeds.length} subscriptions`,
        );
      }

      // The start-up's one-off work (each https receiver's first certificate check) settles first.
      await sleep(WARM_UP_S * 1000);
      exporter.assertAlive('during the warm-up');
      // CPU over whole poll cycles, with no scrape inside the window; the sandbox counts the polls.
      const counter = createListCallCounter(() => sandbox.requests());
      const requestsBefore = apiRequests((await exporter.scrape()).text);
      const windowStart = new Date().toISOString();
      const cpuStart = cpuMs(exporter.pid);
      const cpuCycles: number[] = [];
      const rss: number[] = [];
      const hwmBeforeWindow = memoryMb(exporter.pid).hwmMb;
      const started = nowMs();
      for (let second = 1; second <= WINDOW_S; second += 1) {
        await sleep(Math.max(0, started + second * 1000 - nowMs()));
        exporter.assertAlive('during the poll cycles');
        rss.push(memoryMb(exporter.pid).rssMb);
        if (second % NORMAL_S === 0) cpuCycles.push(cpuMs(exporter.pid) - cpuStart - sum(cpuCycles));
        if (second % 5 === 0) await counter.read(windowStart, LATER);
      }
      const cpuWindow = cpuMs(exporter.pid) - cpuStart;
      await counter.read(windowStart, new Date().toISOString());
      const requestsAfter = apiRequests((await exporter.scrape()).text);
      const polls = counter.total();
      const unpolled = fleet.accounts.filter((account) => counter.count(account.apiKey) === 0).length;
      if (polls === 0) throw new Error('exporter: the sandbox recorded no list call in the window');

      // Scrapes, one after another on one kept-alive connection, as Prometheus does.
      const scrapeMs: number[] = [];
      let bytes = 0;
      let lastText = '';
      const rssBeforeScrapes = memoryMb(exporter.pid).rssMb;
      const scrapeRss: number[] = [];
      const cpuScrapeStart = cpuMs(exporter.pid);
      for (let index = 0; index < SCRAPES; index += 1) {
        const scrape = await exporter.scrape();
        scrapeMs.push(scrape.ms);
        bytes = scrape.bytes;
        lastText = scrape.text;
        scrapeRss.push(memoryMb(exporter.pid).rssMb);
      }
      const cpuPerScrape = (cpuMs(exporter.pid) - cpuScrapeStart) / SCRAPES;
      const memory = memoryMb(exporter.pid);
      const own = promSamples(
        lastText,
        (name) => name.startsWith('nodejs_heap_') || name.startsWith('process_'),
      );
      const heapUsed = singleValue(own, 'nodejs_heap_size_used_bytes');
      const heapTotal = singleValue(own, 'nodejs_heap_size_total_bytes');
      const lines = lastText.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
      exitCode = await exporter.stop();

      const figures = {
        size,
        normalIntervalS: NORMAL_S,
        fastIntervalS: FAST_S,
        cycles: CYCLES,
        windowS: WINDOW_S,
        fastAccounts: fleet.fastAccounts,
        httpsUrls: fleet.httpsUrls,
        httpsOrigins: fleet.httpsOrigins,
        seeded: fleet.states,
        reported: states,
        firstFullPollS: firstPollS,
        polls,
        expectedPolls:
          CYCLES * (fleet.accounts.length - fleet.fastAccounts) + (WINDOW_S / FAST_S) * fleet.fastAccounts,
        exporterCountedRequests: requestsAfter - requestsBefore,
        accountsNotPolledInWindow: unpolled,
        cpuWindowMs: cpuWindow,
        cpuPerPollMs: cpuWindow / polls,
        cpuPerCycleMs: cpuWindow / CYCLES,
        cpuCyclesMs: cpuCycles,
        warmUpS: WARM_UP_S,
        scrapeMs,
        scrapeMedianMs: median(scrapeMs),
        scrapeP95Ms: p95(scrapeMs),
        cpuPerScrapeMs: cpuPerScrape,
        scrapeBytes: bytes,
        sampleLines: lines,
        hwmBeforeWindowMb: hwmBeforeWindow,
        rssWindowMaxMb: Math.max(...rss),
        rssScrapesMaxMb: Math.max(...scrapeRss),
        scrapeRssMb: scrapeRss,
        rssBeforeScrapesMb: rssBeforeScrapes,
        rssEndMb: memory.rssMb,
        hwmMb: memory.hwmMb,
        heapUsedMb: heapUsed === undefined ? null : heapUsed / MB,
        heapTotalMb: heapTotal === undefined ? null : heapTotal / MB,
        exitCode,
      };
      const targeted = size.accounts === TARGETS.accounts && size.perAccount === TARGETS.perAccount;
      const verdict = (met: boolean) => (targeted ? (met ? 'met' : 'MISSED') : 'no target');
      const seededCell = (Object.keys(fleet.states) as SeededState[])
        .map((state) => `${state} ${fleet.states[state]}/${states[state] ?? 0}`)
        .join(', ');
      printTable(
        `Exporter, ${label}: ${fleet.fastAccounts} accounts on the fast lane (${FAST_S} s), the rest every ${NORMAL_S} s; ${fleet.httpsUrls} https URLs on ${fleet.httpsOrigins} hosts`,
        ['figure', 'value', 'target', ''],
        [
          ['first poll of every account after launch', `${fixed(firstPollS)} s`, '', ''],
          ['subscriptions seeded/reported by state', seededCell, '', ''],
          [
            `polls in ${WINDOW_S} s after ${WARM_UP_S} s (sandbox; exporter's counter; expected)`,
            `${polls}; ${figures.exporterCountedRequests}; ${fixed(figures.expectedPolls, 0)}`,
            '',
            unpolled === 0 ? '' : `${unpolled} accounts not polled`,
          ],
          ['CPU per poll', `${fixed(figures.cpuPerPollMs, 2)} ms`, 'reported', ''],
          [
            `CPU per ${NORMAL_S} s cycle (% of a core)`,
            `${fixed(figures.cpuPerCycleMs, 0)} ms [${cpuCycles.map((ms) => fixed(ms, 0)).join(' + ')}] (${fixed(cpuWindow / (WINDOW_S * 10), 2)} %)`,
            '',
            '',
          ],
          [
            `scrape of /metrics, median / p95 (min) of ${SCRAPES}`,
            `${fixed(figures.scrapeMedianMs)} / ${fixed(figures.scrapeP95Ms)} (${fixed(Math.min(...scrapeMs))}) ms`,
            `<= ${TARGETS.scrapeMs} ms`,
            verdict(figures.scrapeP95Ms <= TARGETS.scrapeMs),
          ],
          ['exporter CPU per scrape', `${fixed(cpuPerScrape, 1)} ms`, '', ''],
          ['scrape size', `${fixed(bytes / MB, 2)} MB, ${lines} samples`, '', ''],
          [
            'memory: VmHWM (peak RSS) at the end / before the CPU window',
            `${fixed(memory.hwmMb)} / ${fixed(hwmBeforeWindow)} MB`,
            `<= ${TARGETS.memoryMb} MB`,
            verdict(memory.hwmMb <= TARGETS.memoryMb),
          ],
          [
            'RSS: max in the CPU window / at its end / max in the scrapes / after them',
            `${fixed(figures.rssWindowMaxMb)} / ${fixed(rssBeforeScrapes)} / ${fixed(figures.rssScrapesMaxMb)} / ${fixed(memory.rssMb)} MB`,
            '',
            '',
          ],
          [
            'heap used / total (nodejs_heap_size_*)',
            heapUsed === undefined
              ? 'not exposed'
              : `${fixed(heapUsed / MB)} / ${fixed((heapTotal ?? 0) / MB)} MB`,
            '',
            '',
          ],
        ],
      );
      saveResult(`exporter-${size.accounts}x${size.perAccount}`, figures);
    },
    (180 + WARM_UP_S + WINDOW_S + SCRAPES * 5 + size.accounts * 0.2) * 1000,
  );
}
