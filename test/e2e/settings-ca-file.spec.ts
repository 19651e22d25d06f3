import { resolve } from 'node:path';
import { expect, test } from './harness/fixtures';
import { startDemo } from './harness/flows';

const CA_FILE = resolve(__dirname, '../support/tls/localhost-cert.pem');

test('settings: the extra CA certificate is checked before it is saved, and can be cleared', async ({
  harness,
}) => {
  const { page } = harness;
  await startDemo(harness);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const field = page.getByLabel('Extra CA certificate (optional)');
  await expect(field).toHaveValue('');

  await field.fill('/nonexistent/proxy-ca.pem');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Extra CA certificate (Settings): cannot read /nonexistent/proxy-ca.pem: there is no such file.',
  );
  expect(harness.services.profiles.getAppSettings().extraCaFile).toBeNull();

  await field.fill(__filename);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText('holds no PEM certificate');
  expect(harness.services.profiles.getAppSettings().extraCaFile).toBeNull();

  await field.fill(` ${CA_FILE} `);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  expect(harness.services.profiles.getAppSettings().extraCaFile).toBe(CA_FILE);

  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Extra CA certificate (optional)')).toHaveValue(CA_FILE);

  await page.getByLabel('Extra CA certificate (optional)').fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  expect(harness.services.profiles.getAppSettings().extraCaFile).toBeNull();
});
