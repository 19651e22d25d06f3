/**
 * The certificate watch with the real connection check against loopback HTTPS servers whose
 * certificates openssl makes here; the expected dates come from the certificate itself.
 */
import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateWatch, type CertificateWatch } from '../../../main/core/certificates';
import type { MonitorEvent } from '../../../main/core/monitor';
import { answer, closeLoopbackServers, loopbackServer } from '../diagnosis/loopback-servers';
import { makeTestCertificates, type TestCertificates } from '../diagnosis/test-certificates';

let certificates: TestCertificates;
let watch: CertificateWatch | null = null;
beforeAll(() => {
  certificates = makeTestCertificates();
});
afterAll(() => certificates.remove());
afterEach(async () => {
  watch?.dispose();
  watch = null;
  await closeLoopbackServers();
});

const notAfter = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString();

function start(): { watch: CertificateWatch; events: MonitorEvent[] } {
  const events: MonitorEvent[] = [];
  watch = createCertificateWatch({ trust: () => [certificates.ca] });
  watch.onEvent((event) => events.push(event));
  return { watch, events };
}

describe('certificate watch over TLS', () => {
  it('reads the expiry of a loopback receiver and announces one expiring in 5 days', async () => {
    const server = await loopbackServer(answer(200), certificates.expiring);
    const { watch, events } = start();
    watch.setTargets([{ profileId: 'p', requestId: 'r', url: server.url, allowPrivateAddresses: true }]);
    await watch.settled();
    const expiresAt = notAfter(certificates.expiring.cert);
    expect(watch.get('p', 'r')).toMatchObject({ expiresAt, daysLeft: 5, error: null });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'cert-expiring', requestId: 'r', expiresAt, thresholdDays: 14 });
    // A TLS handshake only: the receiver never gets a request.
    expect(server.received).toEqual([]);
  });

  it('a certificate valid for 90 days is recorded and not announced', async () => {
    const server = await loopbackServer(answer(200), certificates.valid);
    const { watch, events } = start();
    watch.setTargets([{ profileId: 'p', requestId: 'r', url: server.url, allowPrivateAddresses: true }]);
    await watch.settled();
    expect(watch.get('p', 'r')).toMatchObject({ expiresAt: notAfter(certificates.valid.cert), daysLeft: 90 });
    expect(events).toEqual([]);
  });

  it('never connects to a loopback receiver when the address rule forbids it', async () => {
    const server = await loopbackServer(answer(200), certificates.expiring);
    const { watch, events } = start();
    watch.setTargets([{ profileId: 'p', requestId: 'r', url: server.url, allowPrivateAddresses: false }]);
    await watch.settled();
    expect(watch.get('p', 'r')).toMatchObject({
      expiresAt: null,
      error: expect.stringMatching(/Not connected/),
    });
    expect(server.connections()).toBe(0);
    expect(events).toEqual([]);
  });
});
