import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';
import { checkNow, demoUrl, startDemo } from './harness/flows';

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  const { violations, passes } = await new AxeBuilder({ page }).analyze();
  expect(passes.length, `axe ran its rules on ${screen}`).toBeGreaterThan(10);
  const summary = violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

/** Presses Tab until `target` has focus (at most `limit` times), then expects it focused. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit && !(await target.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('first run, dashboard, channel screens and dialogs have zero axe violations', async ({
      harness,
    }) => {
      // Eight full axe passes: on a loaded 2-core machine they take longer than the default minute.
      test.setTimeout(120_000);
      const { page } = harness;
      await harness.open();
      await expectNoViolations(page, 'onboarding');
      await page
        .getByRole('region', { name: 'Add your Calypso account' })
        .getByRole('button', { name: 'Connect account' })
        .click();
      await expectNoViolations(page, 'onboarding with field errors');

      const demo = await startDemo(harness);
      await expect(demo.locator('[data-health]')).toHaveText(['Healthy', 'Failing', 'Blocked']);
      await expectNoViolations(page, 'dashboard');
      await page.getByText('Pause', { exact: true }).click();
      await expectNoViolations(page, 'dashboard with the pause menu');
      await page.getByRole('button', { name: 'Until I resume' }).click();
      await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
      await expectNoViolations(page, 'dashboard, paused');
      await page.getByRole('button', { name: 'Resume' }).click();
      await expect(page.getByText('Monitoring resumed.')).toBeVisible();

      await demo.getByRole('button', { name: `Open webhook ${demoUrl(harness, 'shop')}` }).click();
      await expect(page.locator('header [data-health]')).toHaveText('Healthy');
      await expectNoViolations(page, 'healthy channel');
      await page.getByRole('button', { name: 'Reveal' }).click();
      await expect(page.getByText('The secret key was shown in a separate dialog.')).toBeVisible();
      await expectNoViolations(page, 'channel after Reveal (main shows the secret)');
      await page.getByRole('button', { name: 'Disable' }).click();
      await expect(page.locator('header [data-health]')).toHaveText('Disabled');
      await expectNoViolations(page, 'disabled channel');
      await page.getByRole('button', { name: 'Enable' }).click();
      await expect(page.locator('header [data-health]')).not.toHaveText('Disabled');
      await page.getByRole('button', { name: 'Dashboard' }).first().click();

      await demo.getByRole('button', { name: /Open webhook .*payouts/ }).click();
      await expect(page.getByRole('heading', { name: 'Deliveries are failing' })).toBeVisible();
      await expectNoViolations(page, 'failing channel');
      await page.getByRole('button', { name: 'Edit URL and events' }).click();
      await expectNoViolations(page, 'channel edit form');
      // Regenerate and Delete are confirmed by main's native dialogs, outside the page.

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

      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Add account' }).click();
      const form = page.getByRole('region', { name: 'Add a Calypso account' });
      const { credentials } = harness.sandbox();
      await form.getByLabel('Name').fill('Second shop');
      await form.getByLabel('Built-in sandbox').check();
      await form.getByLabel('Account id').fill(credentials.account);
      await form.getByLabel('API key').fill(credentials.apiKey);
      await form.getByLabel('API secret').fill(credentials.apiSecret);
      await form.getByRole('button', { name: 'Add and test' }).click();
      await page.getByRole('button', { name: 'Edit Second shop' }).click();
      await expectNoViolations(page, 'accounts with the edit form');

      await nav.getByRole('button', { name: 'Settings' }).click();
      await expectNoViolations(page, 'settings');
    });

    test('account problems, a missing webhook and the start-up error have zero axe violations', async ({
      harness,
    }) => {
      const { page } = harness;
      harness.failNext('listProfiles', { kind: 'keychain', message: 'The keychain is locked.' });
      await harness.load();
      await expect(page.getByRole('alert')).toContainText('The keychain is locked.');
      await expectNoViolations(page, 'start-up error');
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keep your Calypso webhooks alive');

      await page.getByRole('button', { name: 'Try it with the built-in sandbox' }).click();
      const demo = page.getByRole('region', { name: 'Sandbox demo' });
      await expect(demo.getByRole('listitem')).toHaveCount(3);
      const control = harness.sandbox().control;
      control.injectFault({ status: 503, count: 'always' });
      await checkNow(demo);
      await expect(demo.getByText('Calypso could not be reached')).toBeVisible();
      await expectNoViolations(page, 'dashboard, account unreachable');
      control.clearFaults();
      control.injectFault({ status: 401, message: 'Invalid signature' });
      await checkNow(demo);
      await expect(demo.getByText('Calypso rejected this account')).toBeVisible();
      await expectNoViolations(page, 'dashboard, credentials rejected');

      const profileId = harness.services.sandboxDemo.current()!.profile.id;
      await harness.push('navigate', { profileId, requestId: 'no-such-webhook' });
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Webhook not found');
      await expectNoViolations(page, 'webhook not found');
    });
  });
}

test('keyboard only: start the demo, open a webhook, cancel a deletion with focus kept', async ({
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

  // Main's dialog asks (Cancel here, after a moment: the button is disabled for frames, which drops
  // its focus); the window asks nothing and gives the focus back where it was.
  harness.dialogs.answer = false;
  harness.dialogs.delayMs = 300;
  const remove = page.getByRole('button', { name: 'Delete webhook' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => harness.dialogs.asked.length).toBe(1);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(remove).toBeEnabled();
  await expect(remove).toBeFocused();
});

test('keyboard only: the Pause menu, the create form, Regenerate and Delete', async ({ harness }) => {
  const { page } = harness;
  await harness.open();
  await tabTo(page, page.getByRole('button', { name: 'Try it with the built-in sandbox' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeFocused();

  // The Pause menu opens with Enter and its choices are reachable with Tab.
  await tabTo(page, page.getByText('Pause', { exact: true }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'For 15 minutes' }), 5);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Monitoring paused for 15 minutes.')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Resume' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Monitoring resumed.')).toBeVisible();

  // The create form: URL, a whole group with Space, a free entry added with Enter, then submit.
  await tabTo(page, page.getByRole('button', { name: 'New webhook for Sandbox demo' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'New webhook' })).toBeFocused();
  const url = `${harness.sandbox().url}/_sandbox/hooks/keyboard`;
  await tabTo(page, page.getByLabel('Webhook URL'));
  await page.keyboard.type(url);
  const payouts = page.getByRole('checkbox', { name: 'Payouts', exact: true });
  await tabTo(page, payouts);
  await page.keyboard.press('Space');
  await expect(payouts).toBeChecked();
  await tabTo(page, page.getByLabel('Other event type or group'));
  await page.keyboard.type('RECURRENT_PAYMENT_SUCCESS');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Other types' })).toContainText('RECURRENT_PAYMENT_SUCCESS');
  await tabTo(page, page.getByRole('button', { name: 'Create webhook' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(url);
  const created = harness
    .sandbox()
    .control.subscriptions()
    .find((s) => s.url === url);
  expect(created?.notificationServiceTypes).toEqual(['PAYOUT']);
  expect(created?.notificationEventTypes).toEqual(['RECURRENT_PAYMENT_SUCCESS']);

  // Regenerate, confirmed in main's dialog: focus comes back to the button.
  const regenerate = page.getByRole('button', { name: 'Regenerate keys' });
  await tabTo(page, regenerate);
  await page.keyboard.press('Enter');
  await expect(page.getByText('New keys issued.')).toBeVisible();
  await expect(regenerate).toBeFocused();

  // Delete, confirmed in main's dialog: the dashboard's heading takes focus and shows the result.
  await tabTo(page, page.getByRole('button', { name: 'Delete webhook' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeFocused();
  await expect(page.getByTestId('app-notice')).toHaveText(`Deleted the webhook ${url}.`);
});
