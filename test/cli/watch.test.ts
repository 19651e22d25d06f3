/**
 * `watch` end to end: the built CLI (`node out/main/cli.js`) against the sandbox over real HTTP.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCalypsoClient } from '../../main/core/api';
import type { MonitorEvent } from '../../main/core/monitor/types';
import { startSandbox } from '../../main/core/sandbox';
import type { RunningSandbox } from '../../main/core/sandbox';
import { requireKeyring, uniqueName } from '../core/accounts/keyring';
import { waitFor } from '../support/wait-for';
import { profileAddArgs, requireBuiltCli, runCli, spawnCli } from './cli-harness';

interface RunningWatch {
  child: ChildProcess;
  events: MonitorEvent[];
  stderr: () => string;
  exited: Promise<number | null>;
}

let sandbox: RunningSandbox | null = null;
let watcher: RunningWatch | null = null;
let configDir: string | null = null;

beforeAll(requireBuiltCli);

afterEach(async () => {
  if (watcher !== null && watcher.child.exitCode === null) watcher.child.kill('SIGKILL');
  watcher = null;
  await sandbox?.close();
  sandbox = null;
  if (configDir !== null) await rm(configDir, { recursive: true, force: true });
  configDir = null;
});

/** Waits for `probe`; a timeout shows the running watcher's stderr. */
function waitForWatcher<T>(what: string, probe: () => T | undefined | null | false): Promise<T> {
  return waitFor(what, probe, {
    detail: () => (watcher === null ? '' : `; stderr:\n${watcher.stderr()}`),
  });
}

function environmentCredentials(running: RunningSandbox, secret = running.credentials.apiSecret) {
  return {
    WEBHOOK_TRAY_BASE_URL: running.url,
    WEBHOOK_TRAY_ACCOUNT: running.credentials.account,
    WEBHOOK_TRAY_API_KEY: running.credentials.apiKey,
    WEBHOOK_TRAY_API_SECRET: secret,
  };
}

async function newConfigDir(): Promise<string> {
  configDir = await mkdtemp(join(tmpdir(), 'wt-watch-'));
  return configDir;
}

function watch(
  running: RunningSandbox,
  args: string[],
  secret = running.credentials.apiSecret,
): Promise<RunningWatch> {
  return watchWith(args, environmentCredentials(running, secret));
}

/** Spawns `watch` with these variables (and a config folder of its own), collecting JSON lines. */
async function watchWith(args: string[], env: Record<string, string>): Promise<RunningWatch> {
  const dir = configDir ?? (await newConfigDir());
  const child = spawnCli(['watch', ...args], {
    // Inherited (without WEBHOOK_TRAY_*): the keychain needs the session's D-Bus address.
    env: { WEBHOOK_TRAY_CONFIG_DIR: dir, ...env },
  });
  const events: MonitorEvent[] = [];
  let pending = '';
  let errors = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        events.push(JSON.parse(line) as MonitorEvent);
      } catch {
        errors += `stdout line is not JSON: ${line}\n`;
      }
    }
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
    await waitForWatcher('first poll', () => w.stderr().includes('watch: 1 subscription, checked'));

    running.control.setReceiver('shop', 'fail');
    await running.control.deliverNow();
    await waitForWatcher('failing', () => w.events.some((e) => e.type === 'failing'));
    for (let round = 0; round < 10; round += 1) {
      const attempts = await running.control.deliverNow();
      if (attempts.some((a) => a.blocked)) break;
    }
    await waitForWatcher('blocked', () => w.events.some((e) => e.type === 'blocked'));
    running.control.setReceiver('shop', 'ok');
    running.control.unblock(created.requestId);
    await waitForWatcher('recovered', () => w.events.some((e) => e.type === 'recovered'));

    // A poll between these quick failures may also warn block-risk: test/cli/watch-block-risk.test.ts.
    w.events.splice(0, w.events.length, ...w.events.filter((e) => e.type !== 'block-risk'));
    expect(w.events.map((e) => e.type)).toEqual(['failing', 'blocked', 'recovered']);
    for (const event of w.events) {
      // The envelope of every watch event; the internal profileId is not part of it.
      expect(Object.keys(event).slice(0, 7)).toEqual([
        'id',
        'type',
        'profile',
        'requestId',
        'url',
        'at',
        'message',
      ]);
      expect(event).toMatchObject({ profile: 'environment' });
      expect(event).not.toHaveProperty('profileId');
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
    // The demo seed has a subscription blocked hours ago and one failing: both reported on the first poll.
    // The failing one fails fast enough for Calypso's rule: its block-risk warning follows.
    await waitForWatcher('first events', () => w.events.length >= 3);
    expect(w.events.map((e) => e.type)).toEqual(['failing', 'blocked', 'block-risk']);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
  });

  it('prints auth-failed and exits 3 when the credentials are refused', async () => {
    sandbox = await startSandbox();
    const w = await watch(sandbox, ['--json', '--interval', '1'], 'not-the-secret');
    expect(await w.exited).toBe(3);
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({
      type: 'auth-failed',
      profile: 'environment',
      requestId: null,
      url: null,
    });
    // A profile event has no errorCount of its own.
    expect(w.events[0]).not.toHaveProperty('errorCount');
    expect(w.events[0]?.error?.kind).toBe('auth');
  });

  it('--json: an error before the first event is one line too, for a line reader', async () => {
    sandbox = await startSandbox();
    const result = await runCli(['watch', '--json'], {
      env: { WEBHOOK_TRAY_BASE_URL: sandbox.url, WEBHOOK_TRAY_ACCOUNT: sandbox.credentials.account },
    });
    expect(result.code).toBe(2);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ error: { kind: 'validation' } });
    expect(lines[0]).toContain('Missing credentials');
  });

  it('refuses an interval below 1 second as a usage error', async () => {
    sandbox = await startSandbox();
    const w = await watch(sandbox, ['--interval', '0.5']);
    expect(await w.exited).toBe(2);
    expect(w.stderr()).toContain('from 1 to 3600');
  });

  it('watches a saved profile (--profile, secret from the keychain)', async () => {
    requireKeyring();
    sandbox = await startSandbox({ seed: 'demo', deliveryIntervalMs: null });
    const dir = await newConfigDir();
    const name = uniqueName('Watched Shop');
    const env = { WEBHOOK_TRAY_CONFIG_DIR: dir };
    const added = await runCli(profileAddArgs(sandbox, name), {
      env,
      input: `${sandbox.credentials.apiSecret}\n`,
    });
    expect(added.code, added.stderr).toBe(0);
    try {
      const w = await watchWith(['--json', '--profile', name, '--interval', '1'], {});
      const blocked = await waitForWatcher('blocked', () => w.events.find((e) => e.type === 'blocked'));
      expect(blocked).toMatchObject({ type: 'blocked', profile: name });
      w.child.kill('SIGINT');
      expect(await w.exited).toBe(0);
    } finally {
      await runCli(['profile', 'remove', name, '--yes'], { env });
    }
  });
});
