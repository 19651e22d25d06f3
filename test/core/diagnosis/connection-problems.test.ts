/**
 * DNS and TCP problems and the address rule, against loopback servers made here: a `.invalid` host,
 * a closed port, a port that never completes a connection, and connection counting for the rule.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkConnection, diagnoseUrl, SEEN_FROM_CAVEAT, type Diagnosis } from '../../../main/core/diagnosis';
import { AppError } from '../../../main/common/errors';
import { answer, closedPort, closeLoopbackServers, loopbackServer, silentPort } from './loopback-servers';

afterEach(closeLoopbackServers);

const codes = (diagnosis: Diagnosis) => diagnosis.problems.map((problem) => problem.code);
const stepNames = (diagnosis: Diagnosis) => diagnosis.steps.map((step) => step.step);

describe('DNS', () => {
  it('a .invalid host is dns-failed, and nothing after DNS runs', async () => {
    const diagnosis = await diagnoseUrl('https://no-such-host.invalid/hook', { allowPrivateAddresses: true });
    expect(codes(diagnosis)).toEqual(['dns-failed']);
    expect(stepNames(diagnosis)).toEqual(['dns']);
    expect(diagnosis.steps[0]).toMatchObject({
      ok: false,
      detail: expect.stringContaining('no-such-host.invalid'),
    });
    expect(diagnosis.severity).toBe('problem');
    expect(diagnosis.problems[0]!.message).toMatch(/Check the host name/);
  });
});

describe('TCP', () => {
  it('a closed port is connection-refused, named by host and port', async () => {
    const port = await closedPort();
    const diagnosis = await diagnoseUrl(`http://127.0.0.1:${port}/hook`, { allowPrivateAddresses: true });
    expect(codes(diagnosis)).toEqual(['connection-refused']);
    expect(diagnosis.verdict).toBe(`Connection refused by 127.0.0.1:${port}`);
    expect(stepNames(diagnosis)).toEqual(['dns', 'tcp']);
    expect(diagnosis.steps[1]!.ok).toBe(false);
  });

  it('a connection that never completes is connect-timeout when the budget runs out', async () => {
    const port = await silentPort();
    const started = Date.now();
    const diagnosis = await diagnoseUrl(`https://127.0.0.1:${port}/hook`, {
      allowPrivateAddresses: true,
      timeoutMs: 800,
    });
    expect(codes(diagnosis)).toEqual(['connect-timeout']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(750);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(diagnosis.steps.at(-1)).toMatchObject({ step: 'tcp', ok: false });
  });

  it('every step has a duration in whole milliseconds and every result the seen-from caveat', async () => {
    const server = await loopbackServer(answer(401));
    const diagnosis = await diagnoseUrl(server.url, { allowPrivateAddresses: true });
    for (const step of diagnosis.steps) expect(Number.isInteger(step.ms) && step.ms >= 0).toBe(true);
    expect(diagnosis.seenFrom).toBe('this computer');
    expect(diagnosis.caveat).toBe(SEEN_FROM_CAVEAT);
    expect(diagnosis.caveat).toMatch(/firewall that admits only Calypso/);
  });
});

describe('the address rule of automatic checks', () => {
  it('refuses a loopback address: no TCP connection reaches the server, and the step says so', async () => {
    const server = await loopbackServer(answer(401));
    const diagnosis = await checkConnection(server.url);
    expect(server.connections()).toBe(0);
    expect(diagnosis.severity).toBe('not-checked');
    expect(diagnosis.problems).toEqual([]);
    expect(diagnosis.steps.at(-1)).toMatchObject({ step: 'tcp', ok: false, skipped: true });
    expect(diagnosis.verdict).toMatch(/Not connected: 127\.0\.0\.1 is at 127\.0\.0\.1, not a public address/);
  });

  it('refuses a host NAME that resolves to loopback: the rule applies to the resolved address', async () => {
    const server = await loopbackServer(answer(401));
    const diagnosis = await checkConnection(`http://localhost:${server.port}/hook`);
    expect(server.connections()).toBe(0);
    expect(diagnosis.steps.map((step) => [step.step, step.ok])).toEqual([
      ['dns', true],
      ['tcp', false],
    ]);
    expect(diagnosis.steps[1]!.skipped).toBe(true);
  });

  it('the full diagnosis obeys the same rule when not allowed private addresses', async () => {
    const server = await loopbackServer(answer(401));
    const diagnosis = await diagnoseUrl(server.url, { allowPrivateAddresses: false });
    expect(server.connections()).toBe(0);
    expect(server.received).toEqual([]);
    expect(diagnosis.severity).toBe('not-checked');
  });

  it('connects when private addresses are allowed (the sandbox account), still without any request', async () => {
    const server = await loopbackServer(answer(401));
    const diagnosis = await checkConnection(server.url, { allowPrivateAddresses: true });
    expect(server.connections()).toBe(1);
    expect(server.received).toEqual([]);
    expect(diagnosis.severity).toBe('ok');
    expect(diagnosis.mode).toBe('connection');
    expect(stepNames(diagnosis)).toEqual(['dns', 'tcp']);
    expect(diagnosis.verdict).toBe(`127.0.0.1:${server.port} accepts connections`);
  });
});

describe('usage', () => {
  it('a URL that is not http(s) is a validation error that says what to give', async () => {
    const error = await diagnoseUrl('ftp://shop.example/hook').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'validation', message: expect.stringMatching(/https:\/\//) });
  });

  it('an abort signal stops the diagnosis with a cancelled error', async () => {
    const port = await silentPort();
    const controller = new AbortController();
    const pending = diagnoseUrl(`https://127.0.0.1:${port}/`, {
      allowPrivateAddresses: true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
