/** `sandbox`: the built CLI runs the simulator until a signal, and the printed exports work. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../main/core/api/channel';
import type { DeliveryAttempt } from '../../main/core/sandbox/types';
import { closeRawServers, rawServer } from '../support/raw-http';
import { isolatedConfigDir, json, requireBuiltCli, runCli } from './cli-harness';
import { control, exportsOf, startSandboxCommand, tokenOf } from './sandbox-cli-harness';

beforeAll(requireBuiltCli);
afterEach(closeRawServers);

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

    // The printed token opens the controls; nothing else does.
    const token = tokenOf(running.stdout());
    expect((await control(url, undefined, 'GET', '/state')).status).toBe(401);
    const state = await control(url, token, 'GET', '/state');
    expect(state.status).toBe(200);
    expect(state.json.subscriptions).toHaveLength(3);

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
    expect(Object.keys(doc.sandbox).sort()).toEqual([
      'account',
      'apiKey',
      'apiSecret',
      'controlToken',
      'port',
      'url',
    ]);
    const token = String(doc.sandbox.controlToken);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect((await control(String(doc.sandbox.url), token, 'GET', '/state')).status).toBe(200);
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

  it.skipIf(process.platform === 'win32')(
    'delivers only to this machine unless --allow-remote-delivery (0.0.0.0 reaches a local server)',
    async () => {
      const server = await rawServer((_request, response) => response.writeHead(200).end());
      const target = `http://0.0.0.0:${new URL(server.url).port}/hook`;
      const deliverOnce = async (args: string[]) => {
        const running = await startSandboxCommand(['--delivery-interval', '3600', ...args]);
        try {
          const url = running.stdout().split('\n')[0]!.replace('Sandbox listening on ', '');
          const token = tokenOf(running.stdout());
          const seed = { url: target, notificationServiceTypes: ['INVOICE'] };
          expect((await control(url, token, 'POST', '/subscriptions', seed)).status).toBe(200);
          const round = await control(url, token, 'POST', '/deliver');
          return { attempt: (round.json.attempts as DeliveryAttempt[])[0], stderr: running.stderr() };
        } finally {
          running.child.kill('SIGTERM');
          await running.exited;
        }
      };

      const locked = await deliverOnce([]);
      expect(locked.attempt).toMatchObject({ ok: false, status: null });
      expect(locked.attempt?.error).toContain('--allow-remote-delivery');
      expect(locked.stderr).toContain('on this machine only (--allow-remote-delivery lifts that)');
      expect(server.connections()).toBe(0);

      const open = await deliverOnce(['--allow-remote-delivery']);
      expect(open.attempt).toMatchObject({ ok: true, status: 200 });
      expect(open.stderr).toContain('to any host (--allow-remote-delivery)');
      expect(server.requests).toEqual(['POST /hook']);
    },
  );

  it('documents the control token header and --allow-remote-delivery in its help', async () => {
    const help = await runCli(['sandbox', '--help']);
    expect(help.stdout).toContain('Authorization: Bearer <token>');
    expect(help.stdout).toMatch(/--allow-remote-delivery\s+also deliver to URLs outside this machine/);
  });

  it('documents the default delivery interval in its help', async () => {
    const help = await runCli(['sandbox', '--help']);
    expect(help.stdout).toMatch(
      /--delivery-interval <seconds>\s+send a test event to every subscription this\s+often \(default: 5; demo 60, which time scale 30\s+makes 2\); divided by --time-scale/,
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
