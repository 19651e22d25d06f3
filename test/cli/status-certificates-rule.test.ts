/**
 * The address rule of `status` and `watch`'s certificate checks: a receiver on this computer's own
 * networks is checked only for an account whose base URL is loopback (the sandbox).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkCertificates, mayCheckPrivate } from '../../main/cli/status-certificates';
import { answer, closeLoopbackServers, loopbackServer } from '../core/diagnosis/loopback-servers';
import { makeTestCertificates, type TestCertificates } from '../core/diagnosis/test-certificates';

let certificates: TestCertificates;
beforeAll(() => {
  certificates = makeTestCertificates();
});
afterAll(() => certificates.remove());
afterEach(closeLoopbackServers);

describe('status certificate checks: the address rule', () => {
  it('allows private receivers only for a loopback base URL', () => {
    expect(mayCheckPrivate('http://127.0.0.1:8080')).toBe(true);
    expect(mayCheckPrivate('http://localhost:8080')).toBe(true);
    expect(mayCheckPrivate('https://api.calypso-pay.example')).toBe(false);
    expect(mayCheckPrivate('https://10.0.0.5')).toBe(false);
    expect(mayCheckPrivate(null)).toBe(false);
  });

  it('never connects to a loopback receiver for a non-loopback account, and reads it for a loopback one', async () => {
    const server = await loopbackServer(answer(200), certificates.expiring);
    const channels = [{ requestId: 'r', url: server.url }];
    const refused = await checkCertificates(channels, mayCheckPrivate('https://api.calypso-pay.example'));
    expect(refused.get('r')).toMatchObject({
      expiresAt: null,
      error: expect.stringMatching(/Not connected/),
    });
    expect(server.connections()).toBe(0);
    const allowed = await checkCertificates(channels, mayCheckPrivate('http://127.0.0.1:1'));
    expect(allowed.get('r')).toMatchObject({ daysLeft: 5, error: null });
    expect(server.connections()).toBe(1);
  });

  it('gives up on receivers that do not answer within its budget', async () => {
    // A TCP server that accepts and never starts TLS: the handshake hangs.
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const found = await checkCertificates(
        [{ requestId: 'r', url: `https://127.0.0.1:${port}/` }],
        true,
        300,
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(found.get('r')?.expiresAt ?? null).toBeNull();
    } finally {
      silent.close();
    }
  });
});
