/**
 * `diagnose` through the built CLI: --url against loopback servers made here (a diagnosis asked for
 * explicitly may reach loopback), --id against the sandbox, --json's shape, and the exit codes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../main/core/sandbox';
import { answer, closedPort, closeLoopbackServers, loopbackServer } from '../core/diagnosis/loopback-servers';
import { makeTestCertificates, type TestCertificates } from '../core/diagnosis/test-certificates';
import { isolatedConfigDir, json, requireBuiltCli, runCli } from './cli-harness';

interface Report {
  url: string | null;
  requestId?: string;
  severity: string;
  problems: { code: string; message: string }[];
  steps: { step: string; ok: boolean; ms: number; detail: string }[];
  seenFrom: string;
  caveat: string;
  error?: { kind: string; message: string };
}

let sandbox: RunningSandbox;
let certificates: TestCertificates;

beforeAll(async () => {
  requireBuiltCli();
  sandbox = await startSandbox();
  certificates = makeTestCertificates();
});
afterAll(async () => {
  await sandbox.close();
  certificates.remove();
});
afterEach(closeLoopbackServers);

function sandboxEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    WEBHOOK_TRAY_BASE_URL: sandbox.url,
    WEBHOOK_TRAY_ACCOUNT: sandbox.credentials.account,
    WEBHOOK_TRAY_API_KEY: sandbox.credentials.apiKey,
    WEBHOOK_TRAY_API_SECRET: sandbox.credentials.apiSecret,
    WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir(),
    ...overrides,
  };
}

describe('diagnose --url', () => {
  it('a receiver refusing the bad signature: exit 0, one line per step with its duration, the verdict and the caveat', async () => {
    const server = await loopbackServer(answer(401));
    const result = await runCli(['diagnose', '--url', server.url]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Diagnosis of ${server.url}, seen from this computer:`);
    expect(lines[1]).toMatch(/^DNS {3}ok +\d+ ms {2}127\.0\.0\.1 is an IP address/);
    expect(lines[2]).toMatch(/^TCP {3}ok +\d+ ms {2}connected to 127\.0\.0\.1:\d+$/);
    expect(lines[3]).toMatch(/^HTTP {2}ok +\d+ ms {2}HTTP 401: reachable and refusing a bad signature/);
    expect(lines[4]).toMatch(/^OK: /);
    expect(lines.at(-1)).toMatch(/^Note: Seen from this computer\. Calypso connects from its own servers/);
    expect(server.received.map((probe) => probe.body)).toEqual(['{"webhookTrayDiagnostic":true}']);
  });

  it('--json has the documented shape; a 500 is a problem: exit 2', async () => {
    const server = await loopbackServer(answer(500));
    const result = await runCli(['--json', 'diagnose', '--url', server.url]);
    expect(result.code, result.stderr).toBe(2);
    const report = json<Report>(result);
    expect(report.url).toBe(server.url);
    expect(report.problems).toEqual([
      { code: 'http-5xx', message: expect.stringMatching(/HTTP 500\. .*logs/) },
    ]);
    expect(report.steps.map((step) => Object.keys(step))).toEqual(
      Array(3).fill(['step', 'ok', 'ms', 'detail']),
    );
    expect(report.steps.map((step) => [step.step, step.ok])).toEqual([
      ['dns', true],
      ['tcp', true],
      ['http', false],
    ]);
    expect(report.seenFrom).toBe('this computer');
    expect(report.caveat).toMatch(/firewall/);
  });

  it('a closed port is connection-refused: exit 2', async () => {
    const port = await closedPort();
    const result = await runCli(['--json', 'diagnose', '--url', `http://127.0.0.1:${port}/hook`]);
    expect(result.code).toBe(2);
    expect(json<Report>(result).problems.map((problem) => problem.code)).toEqual(['connection-refused']);
  });

  it('a certificate expiring in 5 days is a warning only: exit 1', async () => {
    const server = await loopbackServer(answer(403), certificates.expiring);
    const result = await runCli(['--json', 'diagnose', '--url', server.url], {
      env: { NODE_EXTRA_CA_CERTS: certificates.caFile },
    });
    expect(result.code, result.stderr).toBe(1);
    const report = json<Report>(result);
    expect(report.severity).toBe('warning');
    expect(report.problems.map((problem) => problem.code)).toEqual(['tls-expiring']);
  });

  it('a URL that is not http(s) cannot be diagnosed: exit 3 with a message', async () => {
    const result = await runCli(['diagnose', '--url', 'ftp://shop.example/hook']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: A webhook URL starts with https:\/\//m);
  });
});

describe('diagnose --id', () => {
  it('looks the URL up in the account and diagnoses it: the sandbox receiver gets the probe, exit 0', async () => {
    sandbox.control.setReceiver('refusing', { status: 401 });
    const { requestId } = sandbox.control.addSubscription({ url: sandbox.control.switchUrl('refusing') });
    const result = await runCli(['--json', 'diagnose', '--id', requestId], { env: sandboxEnv() });
    expect(result.code, result.stderr).toBe(0);
    const report = json<Report>(result);
    expect(report).toMatchObject({ url: sandbox.control.switchUrl('refusing'), requestId, problems: [] });
    const probe = sandbox.control.received().filter((delivery) => delivery.receiver === 'switch/refusing');
    expect(probe.map((delivery) => [delivery.body, delivery.headers.sign])).toEqual([
      ['{"webhookTrayDiagnostic":true}', '0'.repeat(128)],
    ]);
  });

  it('a receiver that accepts anything is accepts-bad-signature: exit 2', async () => {
    const { requestId } = sandbox.control.addSubscription({ url: sandbox.control.receiverUrl('ok') });
    const result = await runCli(['--json', 'diagnose', '--id', requestId], { env: sandboxEnv() });
    expect(result.code).toBe(2);
    expect(json<Report>(result).problems.map((problem) => problem.code)).toEqual(['accepts-bad-signature']);
  });

  it('an unknown subscription cannot be diagnosed: exit 3, and --json carries the error', async () => {
    const result = await runCli(['--json', 'diagnose', '--id', 'no-such-id'], { env: sandboxEnv() });
    expect(result.code).toBe(3);
    const report = json<Report>(result);
    expect(report.error).toMatchObject({
      kind: 'not-found',
      message: expect.stringMatching(/webhook-tray list/),
    });
    expect(report.steps).toEqual([]);
  });

  it('refused credentials: exit 3', async () => {
    const result = await runCli(['diagnose', '--id', 'any'], {
      env: sandboxEnv({ WEBHOOK_TRAY_API_SECRET: 'wrong' }),
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: .*(secret|signature|credentials|key)/im);
  });
});

describe('usage', () => {
  it.each([
    [['diagnose'], /--id REQUEST_ID .* or --url URL/],
    [['diagnose', '--id', 'a', '--url', 'https://shop.example/'], /cannot be used with/],
    [['diagnose', '--url'], /argument missing/],
    [['diagnose', '--nope'], /unknown option/],
  ])('%j is a usage error: exit 3 with a message', async (args, message) => {
    const result = await runCli(args, { cleanEnv: true });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(message);
  });
});

describe('--help', () => {
  it('states the exit codes and ends with examples of diagnose', async () => {
    const result = await runCli(['diagnose', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      'exit 0 OK, 1 warning, 2 problem, 3 could not diagnose',
    );
    expect(result.stdout.slice(result.stdout.indexOf('\nExamples:\n'))).toMatch(
      /^\nExamples:\n {2}\$ webhook-tray diagnose --id /,
    );
  });
});
