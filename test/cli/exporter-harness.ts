/**
 * Runs the built CLI's `exporter` as a subprocess on a free port (`--listen 127.0.0.1:0`) and
 * reads what it serves. Every exporter started here is killed after its test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach } from 'vitest';
import { parseScrape, type Sample } from '../support/prom-text';
import { waitFor } from '../support/wait-for';
import { spawnCli } from './cli-harness';

export interface ExporterProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT` */
  base: string;
  stderr(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

afterEach(() => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
});

function spawnExporter(args: string[], env: Record<string, string | undefined>) {
  const child = spawnCli(['exporter', '--listen', '127.0.0.1:0', ...args], { env });
  running.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** Starts `exporter ARGS` and resolves once it prints the address it serves. */
export async function startExporter(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<ExporterProcess> {
  const started = spawnExporter(args, env);
  let ended = false;
  void started.exited.then(() => (ended = true));
  const base = await waitFor(
    'the exporter to print "exporter: serving"',
    () => {
      const match = /exporter: serving (http:\/\/127\.0\.0\.1:\d+)\/metrics for /.exec(started.stderr());
      if (match !== null) return match[1];
      if (ended) throw new Error(`the exporter ended before serving; stderr:\n${started.stderr()}`);
      return undefined;
    },
    { detail: () => `; stderr:\n${started.stderr()}` },
  );
  return { ...started, base };
}

/** Runs `exporter ARGS` expecting it to end on its own (bad input): its code and stderr. */
export async function failedExporter(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string }> {
  const started = spawnExporter(args, env);
  const code = await started.exited;
  return { code, stderr: started.stderr() };
}

/** GET /metrics: the text, as served. */
export async function scrapeText(exporter: ExporterProcess): Promise<string> {
  const response = await fetch(`${exporter.base}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

export async function scrape(exporter: ExporterProcess): Promise<Sample[]> {
  return parseScrape(await scrapeText(exporter)).samples;
}

/** Scrapes every 100 ms until `ready` holds for a scrape; resolves with its samples. */
export async function scrapeUntil(
  exporter: ExporterProcess,
  what: string,
  ready: (samples: Sample[]) => boolean,
  timeoutMs = 15_000,
): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await scrape(exporter);
    if (ready(samples)) return samples;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; stderr:\n${exporter.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const PROMTOOL = '/usr/bin/promtool';

/** `promtool check metrics` on a scrape: its exit code and what it printed (nothing when all is well). */
export function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  if (!existsSync(PROMTOOL)) {
    throw new Error(
      `${PROMTOOL} is missing: install Debian's prometheus package (apt-get install --no-install-recommends prometheus).`,
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}
