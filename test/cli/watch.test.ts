/**
 * `watch` end to end: the built CLI (`node out/main/cli.js`) against the sandbox over real HTTP.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCalypsoClient } from '../../main/core/api';
import type { MonitorEvent } from '../../main/core/health/types';
import { startSandbox } from '../../main/core/sandbox';
import type { RunningSandbox } from '../../main/core/sandbox';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'out/main/cli.js');

interface RunningWatch {
  child: ChildProcess;
  events: MonitorEvent[];
  stderr: () => string;
  exited: Promise<number | null>;
}

let sandbox: RunningSandbox | null = null;
let watcher: RunningWatch | null = null;
let configDir: string | null = null;

beforeAll(() => {
  const works = () => {
    try {
      execFileSync(process.execPath, [CLI, 'watch', '--help'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!existsSync(CLI) || !works()) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore', timeout: 170_000 });
  }
}, 180_000);

afterEach(async () => {
  if (watcher !== null && watcher.child.exitCode === null) watcher.child.kill('SIGKILL');
  watcher = null;
  await sandbox?.close();
  sandbox = null;
  if (configDir !== null) await rm(configDir, { recursive: true, force: true });
  configDir = null;
});

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function watch(
  running: RunningSandbox,
  args: string[],
  secret = running.credentials.apiSecret,
): Promise<RunningWatch> {
  configDir = await mkdtemp(join(tmpdir(), 'wt-watch-'));
  const child = spawn(process.execPath, [CLI, 'watch', ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: configDir,
      WEBHOOK_TRAY_CONFIG_DIR: configDir,
      WEBHOOK_TRAY_BASE_URL: running.url,
      WEBHOOK_TRAY_ACCOUNT: running.credentials.account,
      WEBHOOK_TRAY_API_KEY: running.credentials.apiKey,
      WEBHOOK_TRAY_API_SECRET: secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: MonitorEvent[] = [];
  let pending = '';
  let errors = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') events.push(JSON.parse(line) as MonitorEvent);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  watcher = { child, events, stderr: () => errors, exited };
  return watcher;
}

describe('watch --json', () => {
  it('prints failing, blocked and recovered as JSON lines, and exits 0 on SIGINT', async () => {
    sandbox = await startSandbox({ blockAfter: 3, blockWindowMs: 60_000 });
    const running = sandbox;
    const client = createCalypsoClient({ baseUrl: running.url, ...running.credentials });
    const created = await client.create({
      url: running.control.switchUrl('shop'),
      notificationServiceTypes: ['INVOICE'],
    });

    const w = await watch(running, ['--json', '--interval', '1', '--fast-interval', '1']);
    await waitFor('first poll', () => w.stderr().includes('watch: 1 subscription(s)'));

    running.control.setReceiver('shop', 'fail');
    await running.control.deliverNow();
    await waitFor('failing', () => w.events.some((e) => e.type === 'failing'));
    for (let round = 0; round < 10; round += 1) {
      const attempts = await running.control.deliverNow();
      if (attempts.some((a) => a.blocked)) break;
    }
    await waitFor('blocked', () => w.events.some((e) => e.type === 'blocked'));
    running.control.setReceiver('shop', 'ok');
    running.control.unblock(created.requestId);
    await waitFor('recovered', () => w.events.some((e) => e.type === 'recovered'));

    expect(w.events.map((e) => e.type)).toEqual(['failing', 'blocked', 'recovered']);
    for (const event of w.events) {
      expect(event.requestId).toBe(created.requestId);
      expect(event.url).toBe(created.url);
      expect(Number.isNaN(Date.parse(event.at))).toBe(false);
      expect(typeof event.errorCount).toBe('number');
    }
    expect(w.events.map((e) => e.errorCount)).toEqual([1, 4, 0]);
    expect(JSON.stringify(w.events)).not.toContain(created.secretKey);

    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  });

  it('exits 0 on SIGTERM', async () => {
    sandbox = await startSandbox({ seed: 'demo', deliveryIntervalMs: null });
    const w = await watch(sandbox, ['--json', '--interval', '1']);
    // The demo seed has a subscription blocked hours ago: reported on the first poll.
    const blocked = await waitFor('first event', () => w.events[0]);
    expect(blocked.type).toBe('blocked');
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
  });

  it('prints auth-failed and exits 3 when the credentials are refused', async () => {
    sandbox = await startSandbox();
    const w = await watch(sandbox, ['--json', '--interval', '1'], 'not-the-secret');
    expect(await w.exited).toBe(3);
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({ type: 'auth-failed', requestId: null, url: null, errorCount: null });
    expect(w.events[0]?.error?.kind).toBe('auth');
  });

  it('refuses an interval below 1 second as a usage error', async () => {
    sandbox = await startSandbox();
    const w = await watch(sandbox, ['--interval', '0.5']);
    expect(await w.exited).toBe(2);
    expect(w.stderr()).toContain('from 1 to 3600');
  });
});
