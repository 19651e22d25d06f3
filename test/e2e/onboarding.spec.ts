import { expect, test } from './harness/fixtures';
import { startDemo } from './harness/flows';

test('first run offers the sandbox, whose demo shows three webhooks with the right health', async ({
  harness,
}) => {
  const { page } = harness;
  await harness.open();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keep your Calypso webhooks alive');

  const demo = await startDemo(harness);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  // The demo delivers once as it starts, so its first check already finds "payouts" failing.
  await expect(demo.locator('[data-health]')).toHaveText(['Healthy', 'Failing', 'Blocked']);
  await expect(demo.locator('[data-state]')).toHaveText('Critical');
  await expect(page.getByRole('navigation', { name: 'Main' }).locator('[data-state]')).toHaveText('Critical');
});

test('adding an account with a wrong secret shows the auth message; the right one connects', async ({
  harness,
  core,
}) => {
  const { page } = harness;
  const sandbox = await core.startSandbox({ seed: 'empty' });
  try {
    await harness.open();
    const form = page.getByRole('region', { name: 'Add your Calypso account' });
    await form.getByLabel('Name').fill('Shop live');
    await form.getByLabel('Custom base URL').first().check();
    await form.getByRole('textbox', { name: 'Custom base URL' }).fill(sandbox.url);
    await form.getByLabel('Account id').fill(sandbox.credentials.account);
    await form.getByLabel('API key').fill(sandbox.credentials.apiKey);
    await form.getByLabel('API secret').fill('not-the-secret');
    await form.getByRole('button', { name: 'Connect account' }).click();

    const alert = form.getByRole('alert');
    // The core's message for a 401 (main/core/api/response-errors.ts), not a generic failure.
    await expect(alert).toContainText('Calypso rejected the credentials');
    await expect(alert).toContainText('Check the API key and secret');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keep your Calypso webhooks alive');
    // The secret field is write-only: emptied after saving, and nothing shows it.
    await expect(form.getByLabel('API secret')).toHaveValue('');
    await expect(page.locator('body')).not.toContainText('not-the-secret');

    await form.getByLabel('API secret').fill(sandbox.credentials.apiSecret);
    await form.getByRole('button', { name: 'Connect account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    const account = page.getByRole('region', { name: 'Shop live' });
    await expect(account.getByText('No webhooks on this account.')).toBeVisible();
    await expect(page.locator('body')).not.toContainText(sandbox.credentials.apiSecret);
  } finally {
    await sandbox.close();
  }
});

test('an account id that does not look like 0x… only warns', async ({ harness }) => {
  const { page } = harness;
  await harness.open();
  const form = page.getByRole('region', { name: 'Add your Calypso account' });
  await form.getByLabel('Account id').fill('merchant-42');
  await expect(form.getByText(/usually look like 0x/)).toBeVisible();
  await form.getByLabel('Account id').fill(`0x${'ab'.repeat(20)}`);
  await expect(form.getByText(/usually look like 0x/)).toHaveCount(0);
});
