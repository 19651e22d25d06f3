/**
 * The HTTP probe against loopback servers made here: what it sends, and the problem each answer is
 * (401, 400, 403 healthy; 404, 405, 410; 500; a slow answer; 2xx; 3xx; a closed connection).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diagnoseUrl, type Diagnosis } from '../../../main/core/diagnosis';
import { answer, closeLoopbackServers, loopbackServer } from './loopback-servers';

afterEach(closeLoopbackServers);

const codes = (diagnosis: Diagnosis) => diagnosis.problems.map((problem) => problem.code);
const diagnose = (url: string, timeoutMs?: number) =>
  diagnoseUrl(url, { allowPrivateAddresses: true, ...(timeoutMs === undefined ? {} : { timeoutMs }) });

describe('the probe', () => {
  it('is one POST of a body that is plainly not an event, with a Sign that cannot verify', async () => {
    const server = await loopbackServer(answer(401));
    await diagnose(`${server.url}?shop=1`);
    expect(server.received).toHaveLength(1);
    const [probe] = server.received;
    expect(probe).toMatchObject({
      method: 'POST',
      path: '/hook?shop=1',
      body: '{"webhookTrayDiagnostic":true}',
    });
    expect(probe!.headers).toMatchObject({
      'content-type': 'application/json',
      key: 'webhook-tray-diagnostic',
      sign: '0'.repeat(128),
      host: `127.0.0.1:${server.port}`,
    });
  });

  it.each([400, 401, 403])(
    'a %i is the healthy answer: reachable and refusing a bad signature',
    async (status) => {
      const server = await loopbackServer(answer(status));
      const diagnosis = await diagnose(server.url);
      expect(codes(diagnosis)).toEqual([]);
      expect(diagnosis.severity).toBe('ok');
      expect(diagnosis.steps.map((step) => [step.step, step.ok])).toEqual([
        ['dns', true],
        ['tcp', true],
        ['http', true],
      ]);
      expect(diagnosis.verdict).toBe(
        `127.0.0.1:${server.port} answered HTTP ${status}: reachable and refusing a bad signature, as it should`,
      );
    },
  );
});

describe('answers that are problems', () => {
  it.each([404, 405, 410])('a %i is http-not-found: a wrong path', async (status) => {
    const server = await loopbackServer(answer(status));
    const diagnosis = await diagnose(server.url);
    expect(codes(diagnosis)).toEqual(['http-not-found']);
    expect(diagnosis.problems[0]!.summary).toBe(
      `127.0.0.1:${server.port} answered HTTP ${status} to a POST on /hook`,
    );
  });

  it('a 500 is http-5xx', async () => {
    const server = await loopbackServer(answer(500));
    const diagnosis = await diagnose(server.url);
    expect(codes(diagnosis)).toEqual(['http-5xx']);
    expect(diagnosis.steps.at(-1)).toMatchObject({ step: 'http', ok: false });
  });

  it('a slow answer is http-timeout when the budget runs out', async () => {
    const server = await loopbackServer(() => undefined);
    const started = Date.now();
    const diagnosis = await diagnose(server.url, 700);
    expect(codes(diagnosis)).toEqual(['http-timeout']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.received).toHaveLength(1);
  });

  it('a 2xx to the wrongly signed probe is accepts-bad-signature, a security problem', async () => {
    const server = await loopbackServer(answer(200));
    const diagnosis = await diagnose(server.url);
    expect(codes(diagnosis)).toEqual(['accepts-bad-signature']);
    expect(diagnosis.severity).toBe('problem');
    expect(diagnosis.problems[0]!.message).toMatch(/does not verify signatures/);
  });

  it('a 3xx is redirect, and the redirect is never followed', async () => {
    const elsewhere = await loopbackServer(answer(401));
    const server = await loopbackServer(answer(308, { Location: elsewhere.url }));
    const diagnosis = await diagnose(server.url);
    expect(codes(diagnosis)).toEqual(['redirect']);
    expect(diagnosis.problems[0]!.summary).toContain(`HTTP 308 to ${elsewhere.url}`);
    expect(elsewhere.connections()).toBe(0);
  });

  it('a connection closed without an answer is http-no-answer', async () => {
    const server = await loopbackServer((request) => request.socket.destroy());
    const diagnosis = await diagnose(server.url);
    expect(codes(diagnosis)).toEqual(['http-no-answer']);
  });
});
