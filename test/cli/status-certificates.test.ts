/**
 * `status` and `watch` with the certificate watch: the built CLI against a sandbox whose webhook's
 * https receiver (on loopback) has a certificate openssl made here, expiring in 5 days.
 */
import type { ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../main/core/sandbox';
import { answer, closeLoopbackServers, loopbackServer } from '../core/diagnosis/loopback-servers';
import { makeTestCertificates, type TestCertificates } from '../core/diagnosis/test-certificates';
import { waitFor } from '../support/wait-for';
import { json, runCli, spawnCli, startCliSandbox } from './cli-harness';

let sandbox: RunningSandbox;
let env: Record<string, string>;
let certificates: TestCertificates;
let url: string;
let requestId: string;
let expiresAt: string;
let child: ChildProcess | null = null;

beforeAll(async () => {
  ({ sandbox, env } = await startCliSandbox());
  certificates = makeTestCertificates();
  const receiver = await loopbackServer(answer(200), certificates.expiring);
  ({ url, requestId } = sandbox.control.addSubscription({ url: receiver.url }));
  expiresAt = new Date(new X509Certificate(certificates.expiring.cert).validTo).toISOString();
});
afterAll(async () => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  await closeLoopbackServers();
  certificates.remove();
  await sandbox.close();
});

describe('status: certificates', () => {
  it('is WARNING when a certificate expires within 14 days, naming the webhook and its host', async () => {
    const result = await runCli(['status'], { env });
    expect(result.code, result.stderr).toBe(1);
    const [summary, detail, ...rest] = result.stdout.trim().split('\n');
    expect(summary).toBe(
      'WEBHOOK WARNING - 0 blocked, 0 failing, 1 healthy, 1 certificate expiring | healthy=1 failing=0 blocked=0 disabled=0',
    );
    expect(detail).toBe(
      `certificate: ${url} [${requestId}] - the certificate of ${new URL(url).host} expires in 5 days, ` +
        `on ${expiresAt.slice(0, 10)}: renew it on the receiver's server`,
    );
    expect(rest).toEqual([]);
  });

  it('is OK with --cert-warn-days 3, and --json gives certificateExpiresAt', async () => {
    const ok = await runCli(['status', '--cert-warn-days', '3'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^WEBHOOK OK - 0 blocked, 0 failing, 1 healthy \|/);
    const doc = await runCli(['status', '--json'], { env });
    expect(doc.code).toBe(1);
    const parsed = json<{
      state: string;
      channels: { requestId: string; certificateExpiresAt: string | null }[];
    }>(doc);
    expect(parsed.state).toBe('warning');
    expect(parsed.channels).toEqual([
      expect.objectContaining({ requestId, certificateExpiresAt: expiresAt }),
    ]);
  });

  it('refuses a --cert-warn-days that is not a whole number of days, as UNKNOWN', async () => {
    for (const bad of ['-1', '2.5', 'soon']) {
      const result = await runCli(['status', '--cert-warn-days', bad], { env });
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(/^WEBHOOK UNKNOWN - .*--cert-warn-days/);
      expect(result.stderr).toContain('expected a whole number from 0 to 3650');
    }
  });
});

describe('watch --json: certificates', () => {
  it('prints cert-expiring in the common envelope, with expiresAt', async () => {
    child = spawnCli(['watch', '--json', '--interval', '60'], { env });
    const lines: Record<string, unknown>[] = [];
    let pending = '';
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts)
        if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const event = await waitFor('a cert-expiring line', () => lines.find((l) => l.type === 'cert-expiring'), {
      detail: () => `\nstderr: ${stderr}`,
    });
    expect(Object.keys(event)).toEqual([
      'id',
      'type',
      'profile',
      'requestId',
      'url',
      'at',
      'message',
      'expiresAt',
    ]);
    expect(event).toMatchObject({ profile: 'environment', requestId, url, expiresAt });
    expect(event.message).toContain('expires in 5 days');
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
