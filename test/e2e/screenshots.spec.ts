import { resolve } from 'node:path';
import { expect, test } from './harness/fixtures';

// `npm run screenshots` writes the pictures the README shows; playwright.config.ts keeps this file
// out of `npm test`.
const DOCS = resolve(__dirname, '../../docs');

test('docs screenshots: dashboard light and dark, channel screen', async ({ harness }) => {
  const { page } = harness;
  await harness.open();
  await page.getByRole('button', { name: 'Try it with the built-in sandbox' }).click();
  const demo = page.getByRole('region', { name: 'Sandbox demo' });
  await expect(demo.getByRole('listitem')).toHaveCount(3);
  // A few rounds of failing deliveries, each followed by a check, so the chart has a story to tell.
  for (let round = 0; round < 3; round += 1) {
    await harness.sandbox().control.deliverNow();
    await demo.getByRole('button', { name: 'Check now Sandbox demo' }).click();
    await expect(demo.getByText(/^Checked at /)).toBeVisible();
  }
  await expect(demo.locator('[data-health]')).toHaveText(['Healthy', 'Failing', 'Blocked']);
  await page.mouse.move(0, 0);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: resolve(DOCS, 'dashboard-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: resolve(DOCS, 'dashboard-dark.png') });

  await page.emulateMedia({ colorScheme: 'light' });
  await demo.getByRole('button', { name: /Open webhook .*payouts/ }).click();
  await expect(page.getByRole('heading', { name: 'Deliveries are failing' })).toBeVisible();
  await page.screenshot({ path: resolve(DOCS, 'channel.png'), fullPage: true });
});

test('review screenshots of every screen', async ({ harness }) => {
  const { page } = harness;
  const out = (name: string) => resolve(__dirname, '../../test-results/screens', `${name}.png`);
  await harness.open();
  await page.screenshot({ path: out('onboarding'), fullPage: true });
  await page.getByRole('button', { name: 'Try it with the built-in sandbox' }).click();
  const demo = page.getByRole('region', { name: 'Sandbox demo' });
  await expect(demo.getByRole('listitem')).toHaveCount(3);
  await demo.getByRole('button', { name: /Open webhook .*legacy-erp/ }).click();
  await page.screenshot({ path: out('blocked'), fullPage: true });
  await page.getByRole('button', { name: 'Edit URL and events' }).click();
  await page.screenshot({ path: out('edit'), fullPage: true });
  await page.getByRole('button', { name: 'Delete webhook' }).click();
  await page.screenshot({ path: out('delete-dialog') });
  await page.keyboard.press('Escape');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Activity' }).click();
  await page.screenshot({ path: out('activity'), fullPage: true });
  await nav.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.screenshot({ path: out('accounts'), fullPage: true });
  await nav.getByRole('button', { name: 'Settings' }).click();
  await page.screenshot({ path: out('settings'), fullPage: true });
});
