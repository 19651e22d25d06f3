/**
 * Deliveries go to this machine only unless `allowRemoteDelivery`: a sandbox started for a demo
 * must not post signed events to hosts a subscription names. Nothing here leaves the machine: the
 * remote-looking targets are either refused or stopped by the test before they look up or connect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { socketsOpenedDuring } from '../../support/socket-watch';
import { closeRawServers, rawServer } from '../../support/raw-http';
import { sandboxForTest } from '../../support/sandbox';

afterEach(closeRawServers);

const REFUSED = /^not delivered to .+ unless started with --allow-remote-delivery$/;

describe('sandbox: deliveries only to this machine', () => {
  it('refuses every other host before any lookup or connection, logs each host once and counts a failure', async () => {
    const lines: string[] = [];
    const sandbox = await sandboxForTest({ log: (line) => lines.push(line) });
    const targets = [
      'http://remote.invalid/hook',
      'http://203.0.113.7:8080/hook',
      'http://[2001:db8::1]/hook',
      'http://127.0.0.1.remote.invalid/hook',
      'http://localhost.remote.invalid/hook',
      'http://0.0.0.0:9/hook',
    ];
    for (const url of targets)
      sandbox.control.addSubscription({ url, notificationServiceTypes: ['INVOICE'] });

    const opened = await socketsOpenedDuring(async () => {
      for (let round = 0; round < 2; round++) {
        const attempts = await sandbox.control.deliverNow();
        expect(attempts.map((attempt) => [attempt.url, attempt.ok, attempt.status])).toEqual(
          targets.map((url) => [url, false, null]),
        );
        for (const attempt of attempts) expect(attempt.error).toMatch(REFUSED);
      }
    });
    expect(opened).toEqual([]);
    expect(sandbox.control.subscriptions().map((s) => s.errorCount)).toEqual(targets.map(() => 2));
    const refusals = lines.filter((line) => line.includes('--allow-remote-delivery'));
    expect(refusals).toHaveLength(targets.length);
    expect(refusals.join('\n')).toContain('remote.invalid');
  });

  it.skipIf(process.platform === 'win32')(
    'a URL through 0.0.0.0, which reaches a local server, gets no connection unless allowRemoteDelivery',
    async () => {
      const server = await rawServer((_request, response) => response.writeHead(200).end());
      const url = `http://0.0.0.0:${new URL(server.url).port}/hook`;

      const locked = await sandboxForTest();
      locked.control.addSubscription({ url, notificationServiceTypes: ['INVOICE'] });
      const [refused] = await locked.control.deliverNow();
      expect(refused?.error).toMatch(REFUSED);
      expect(server.connections()).toBe(0);

      // The same URL does reach the server: the refusal above is the sandbox's choice, not the network's.
      const open = await sandboxForTest({ allowRemoteDelivery: true });
      open.control.addSubscription({ url, notificationServiceTypes: ['INVOICE'] });
      const [delivered] = await open.control.deliverNow();
      expect(delivered).toMatchObject({ ok: true, status: 200, error: null });
      expect(server.connections()).toBe(1);
      expect(server.requests).toEqual(['POST /hook']);
    },
  );

  it('delivers by default to 127.0.0.1 and localhost', async () => {
    const server = await rawServer((_request, response) => response.writeHead(204).end());
    const { port } = new URL(server.url);
    const sandbox = await sandboxForTest();
    for (const host of ['127.0.0.1', 'localhost', 'LocalHost']) {
      sandbox.control.addSubscription({
        url: `http://${host}:${port}/hook`,
        notificationServiceTypes: ['A'],
      });
    }
    const attempts = await sandbox.control.deliverNow();
    expect(attempts.map((attempt) => attempt.status)).toEqual([204, 204, 204]);
    expect(server.requests).toHaveLength(3);
  });
});
