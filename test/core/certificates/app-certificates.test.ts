/**
 * The desktop app's core services with the certificate watch: a sandbox account whose webhook's
 * https receiver (on loopback) has a certificate expiring in 5 days.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppServices } from '../../../main/core/app-services';
import type { AppNotification, MonitorSnapshot } from '../../../main/core/monitor';
import { startSandbox } from '../../../main/core/sandbox';
import { KeytarSecretStore } from '../../../main/core/accounts/keytar-secret-store';
import { answer, closeLoopbackServers, loopbackServer } from '../diagnosis/loopback-servers';
import { makeTestCertificates, type TestCertificates } from '../diagnosis/test-certificates';

let certificates: TestCertificates;
let dir: string;
beforeAll(async () => {
  certificates = makeTestCertificates();
  dir = await mkdtemp(join(tmpdir(), 'wt-app-certificates-'));
});
afterAll(async () => {
  certificates.remove();
  await rm(dir, { recursive: true, force: true });
});
afterEach(closeLoopbackServers);

const expiryOf = (snapshot: MonitorSnapshot) =>
  snapshot.profiles[0]?.channels[0]?.certificateExpiresAt ?? null;

// The real keychain (run under test/with-keyring.sh), a real sandbox and a real TLS receiver.
describe.runIf(process.env['WT_TEST_KEYRING'] === '1')('app services: certificate watch', () => {
  it('notifies once, shows the expiry in snapshots, and does not notify again after a restart', async () => {
    const sandbox = await startSandbox({ seed: 'empty', deliveryIntervalMs: null });
    const receiver = await loopbackServer(answer(200), certificates.expiring);
    const secrets = new KeytarSecretStore({ service: `webhook-tray-test-${randomBytes(4).toString('hex')}` });
    const open = () =>
      createAppServices({
        configDir: dir,
        secrets,
        history: { debounceMs: 0 },
        policyState: { debounceMs: 0 },
      });
    const expiresAt = new Date(new X509Certificate(certificates.expiring.cert).validTo).toISOString();
    try {
      const first = await open();
      const notifications: AppNotification[] = [];
      first.onNotification((n) => notifications.push(n));
      const profile = await first.profiles.add({
        name: 'Shop',
        baseUrl: sandbox.url,
        ...sandbox.credentials,
      });
      await first.clientFor(profile.id).create({ url: receiver.url, notificationServiceTypes: ['INVOICE'] });
      first.start();
      await vi.waitFor(() => expect(expiryOf(first.monitor.getSnapshot())).toBe(expiresAt), {
        timeout: 10_000,
      });
      const certificate = notifications.filter((n) => n.kind === 'cert-expiring');
      expect(certificate).toHaveLength(1);
      expect(certificate[0]!.title).toBe(`Certificate expires in 5 days: ${new URL(receiver.url).host}`);
      expect(certificate[0]!.body).toContain(receiver.url);
      // The handshake only: the receiver never got a request from the check.
      expect(receiver.received).toEqual([]);
      await first.close();

      const second = await open();
      const after: AppNotification[] = [];
      second.onNotification((n) => after.push(n));
      const seen: MonitorSnapshot[] = [];
      second.onSnapshot((snapshot) => seen.push(snapshot));
      second.start();
      await vi.waitFor(() => expect(seen.map(expiryOf)).toContain(expiresAt), { timeout: 10_000 });
      expect(after.filter((n) => n.kind === 'cert-expiring')).toEqual([]);
      for (const stored of second.profiles.list()) await secrets.delete(stored.id);
      await second.close();
    } finally {
      await sandbox.close();
    }
  }, 30_000);
});
