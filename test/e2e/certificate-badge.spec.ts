import { X509Certificate } from 'node:crypto';
import { expect, test } from './harness/fixtures';
import { checkNow, startDemo, webhookRow } from './harness/flows';
import { answer, closeLoopbackServers, loopbackServer } from '../core/diagnosis/loopback-servers';
import { makeTestCertificates } from '../core/diagnosis/test-certificates';

test('a webhook whose https receiver has a certificate expiring in 5 days shows a badge, and the date on its screen', async ({
  harness,
}) => {
  const certificates = makeTestCertificates();
  try {
    const receiver = await loopbackServer(answer(200), certificates.expiring);
    const demo = await startDemo(harness);
    harness.sandbox().control.addSubscription({ url: receiver.url });
    await checkNow(demo);
    const row = webhookRow(demo, receiver.url);
    // The sandbox's receivers live on this computer: its automatic checks may reach loopback.
    await expect(row.getByTestId('certificate-badge')).toHaveText('Certificate expires in 5 days');
    await expect(row.getByTestId('certificate-badge')).toHaveClass(/tone-warn/);
    // The demo's own receivers are plain http: no certificate, no badge.
    await expect(demo.getByTestId('certificate-badge')).toHaveCount(1);

    await row.getByRole('button', { name: `Open webhook ${receiver.url}` }).click();
    const expiresAt = new X509Certificate(certificates.expiring.cert).validTo;
    const year = String(new Date(expiresAt).getUTCFullYear());
    await expect(harness.page.getByTestId('certificate-expiry')).toContainText(year);
    await expect(harness.page.getByTestId('certificate-expiry')).toContainText('(in 5 days)');
  } finally {
    await closeLoopbackServers();
    certificates.remove();
  }
});
