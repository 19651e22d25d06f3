import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';
import { checkNow, startDemo } from './harness/flows';

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  const { violations, passes } = await new AxeBuilder({ page }).analyze();
  expect(passes.length, `axe ran its rules on ${screen}`).toBeGreaterThan(10);
  const summary = violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('first run, dashboard, channel screens and dialogs have zero axe violations', async ({
      harness,
    }) => {
      const { page } = harness;
      await harness.open();
      await expectNoViolations(page, 'onboarding');
      await page
        .getByRole('region', { name: 'Add your Calypso account' })
        .getByRole('button', { name: 'Connect account' })
        .click();
      await expectNoViolations(page, 'onboarding with field errors');

      const demo = await startDemo(harness);
      await harness.sandbox().control.deliverNow();
      await checkNow(demo);
      await expect(demo.locator('[data-health]')).toHaveText(['Healthy', 'Failing', 'Blocked']);
      await expectNoViolations(page, 'dashboard');
      await page.getByText('Pause', { exact: true }).click();
      await expectNoViolations(page, 'dashboard with the pause menu');
      await page.keyboard.press('Escape');

      await demo.getByRole('button', { name: /Open webhook .*payouts/ }).click();
      await expect(page.getByRole('heading', { name: 'Deliveries are failing' })).toBeVisible();
      await expectNoViolations(page, 'failing channel');
      await page.getByRole('button', { name: 'Edit URL and events' }).click();
      await expectNoViolations(page, 'channel edit form');
      await page.getByRole('button', { name: 'Regenerate keys' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectNoViolations(page, 'regenerate dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Delete webhook' }).click();
      await expectNoViolations(page, 'delete dialog');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Dashboard' }).first().click();
      await demo.getByRole('button', { name: /Open webhook .*legacy-erp/ }).click();
      await expect(page.getByRole('heading', { name: 'Calypso blocked this webhook' })).toBeVisible();
      await expectNoViolations(page, 'blocked channel');
    });

    test('create, activity, accounts and settings have zero axe violations', async ({ harness }) => {
      const { page } = harness;
      const demo = await startDemo(harness);
      await demo.getByRole('button', { name: 'New webhook for Sandbox demo' }).click();
      await page.getByLabel('Webhook URL').fill('http://shop.example/hook');
      await page.getByRole('button', { name: 'Create webhook' }).click();
      await expectNoViolations(page, 'create webhook with errors');

      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('button', { name: 'Activity' }).click();
      await expect(page.getByRole('list', { name: 'Events' })).toBeVisible();
      await expectNoViolations(page, 'activity');

      await nav.getByRole('button', { name: 'Accounts' }).click();
      await expectNoViolations(page, 'accounts');
      await page.getByRole('button', { name: 'Add account' }).click();
      await expectNoViolations(page, 'accounts with the add form');

      await nav.getByRole('button', { name: 'Settings' }).click();
      await expectNoViolations(page, 'settings');
    });
  });
}

test('keyboard only: start the demo, open a webhook, open and cancel a dialog with focus returned', async ({
  harness,
}) => {
  const { page } = harness;
  await harness.open();
  const sandboxButton = page.getByRole('button', { name: 'Try it with the built-in sandbox' });
  for (let i = 0; i < 30 && !(await sandboxButton.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(sandboxButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeFocused();

  const open = page.getByRole('button', { name: /Open webhook .*legacy-erp/ });
  for (let i = 0; i < 30 && !(await open.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(open).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  const remove = page.getByRole('button', { name: 'Delete webhook' });
  await remove.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Type delete to confirm')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
});
