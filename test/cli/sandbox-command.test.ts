/** `sandbox`: the built CLI runs the simulator until a signal, and the printed exports work. */
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../main/core/api/channel';
import { isolatedConfigDir, json, requireBuiltCli, runCli, spawnCli } from './cli-harness';

beforeAll(requireBuiltCli);

/** Starts `sandbox ...args` and resolves with the child and its stdout once the export lines are out. */
async function startSandboxCommand(args: string[]) {
  const child = spawnCli(['sandbox', ...args], { env: { WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir() } });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('WEBHOOK_TRAY_API_SECRET=') || stdout.trim().endsWith('}')) resolve();
    });
    child.once('exit', () => reject(new Error(`sandbox exited early:\n${stdout}\n${stderr}`)));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

function exportsOf(stdout: string): Record<string, string> {
  return Object.fromEntries(
    [...stdout.matchAll(/^export (WEBHOOK_TRAY_\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
  );
}

describe('sandbox command', () => {
  it('prints where it listens and the credentials to export, serves them, and stops cleanly on SIGTERM', async () => {
    const account = '0x00000000000000000000000000000000000000aa';
    const running = await startSandboxCommand([
      '--seed',
      'demo',
      '--api-key',
      'my-key',
      '--api-secret',
      'my-secret',
      '--account',
      account,
      '--block-after',
      '5',
      '--block-window',
      '30',
      '--delivery-interval',
      '60',
    ]);
    const first = running.stdout().split('\n')[0]!;
    expect(first).toMatch(/^Sandbox listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = first.replace('Sandbox listening on ', '');
    const exported = exportsOf(running.stdout());
    expect(exported).toEqual({
      WEBHOOK_TRAY_BASE_URL: url,
      WEBHOOK_TRAY_ACCOUNT: account,
      WEBHOOK_TRAY_API_KEY: 'my-key',
      WEBHOOK_TRAY_API_SECRET: 'my-secret',
    });

    const listed = await runCli(['list', '--json'], {
      env: { ...exported, WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir() },
    });
    expect(listed.code, listed.stderr).toBe(0);
    expect(json<{ subscriptions: Channel[] }>(listed).subscriptions).toHaveLength(3);

    running.child.kill('SIGTERM');
    const [code] = await running.exited;
    expect(code).toBe(0);
    expect(running.stderr()).toContain('Sandbox stopped (SIGTERM)');
  });

  it('with --json prints one document with its URL and credentials; SIGINT stops it', async () => {
    const running = await startSandboxCommand(['--json', '--port', '0']);
    const doc = JSON.parse(running.stdout()) as { sandbox: Record<string, unknown> };
    expect(doc.sandbox).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      port: expect.any(Number),
    });
    expect(Object.keys(doc.sandbox).sort()).toEqual(['account', 'apiKey', 'apiSecret', 'port', 'url']);
    running.child.kill('SIGINT');
    const [code] = await running.exited;
    expect(code).toBe(0);
  });

  it('delivers every 5 s by default, so a subscription on a failing receiver starts failing', async () => {
    const running = await startSandboxCommand([]);
    try {
      const exported = exportsOf(running.stdout());
      const env = { ...exported, WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir() };
      const failUrl = `${exported.WEBHOOK_TRAY_BASE_URL}/_sandbox/receivers/fail`;
      const created = await runCli(['create', '--url', failUrl, '--service', 'INVOICE', '--json'], { env });
      expect(created.code, created.stderr).toBe(0);
      const { requestId } = json<{ subscription: Channel }>(created).subscription;
      // Nothing but the default interval makes the sandbox deliver here.
      let errorCount = 0;
      while (errorCount === 0) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const listed = json<{ subscriptions: Channel[] }>(await runCli(['list', '--json'], { env }));
        errorCount = listed.subscriptions.find((c) => c.requestId === requestId)?.errorCount ?? 0;
      }
      expect(errorCount).toBeGreaterThan(0);
      expect(running.stderr()).toContain('every enabled subscription every 5 s (--delivery-interval)');
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
  }, 30_000);

  it('documents the default delivery interval in its help', async () => {
    const help = await runCli(['sandbox', '--help']);
    expect(help.stdout).toMatch(
      /--delivery-interval <seconds>\s+send a test event to every subscription this\s+often \(default: 5; demo 2\)/,
    );
  });

  it.each([
    [['--port', '70000'], "option '--port <n>' argument '70000' is invalid"],
    [['--seed', 'lots'], "argument 'lots' is invalid"],
    [['--block-window', '-1'], "option '--block-window <seconds>' argument '-1' is invalid"],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await runCli(['sandbox', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
