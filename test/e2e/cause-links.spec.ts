import AxeBuilder from '@axe-core/playwright';
import { SANDBOX_PROFILE_ID } from '../../main/core/sandbox/sandbox-demo';
import { expect, test } from './harness/fixtures';
import { demoUrl, startDemo } from './harness/flows';

test('cause links: a webhook failing right after its keys were regenerated shows the cause and the change', async ({
  harness,
}) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const url = demoUrl(harness, 'shop');
  await demo.getByRole('button', { name: `Open webhook ${url}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(url);

  const changes = page.getByTestId('recent-changes');
  await expect(changes).toContainText('None in the last 30 days.');
  await expect(page.getByTestId('cause-link')).toHaveCount(0);

  await page.getByRole('button', { name: 'Regenerate keys' }).click();
  await expect(page.getByText('New keys issued.')).toBeVisible();
  // Listed at once; while the webhook is healthy there is no cause to show.
  const entry = changes.getByTestId('activity-entry');
  await expect(entry).toHaveCount(1);
  await expect(entry).toHaveAttribute('data-action', 'keys-regenerated');
  await expect(entry).toContainText('Signing keys regenerated (for every webhook of the account)');
  await expect(entry).toContainText('app');
  await expect(page.getByTestId('cause-link')).toHaveCount(0);

  // The receiver still verifies with the old secret: the sandbox's deliveries to it now fail.
  const { control } = harness.sandbox();
  control.setReceiver('shop-invoices', 'fail');
  await control.deliverNow();
  await harness.services.monitor.checkNow(SANDBOX_PROFILE_ID);

  const cause = page.getByTestId('cause-link');
  await expect(cause).toContainText(
    'Failures began less than a minute after the keys were regenerated: your receiver probably still verifies with the old secret key.',
  );
  await expect(cause.getByRole('heading', { name: 'Likely cause' })).toBeVisible();
  await expect(entry).toHaveCount(1);
  // The page holds no webhook secret, however it got there.
  for (const { secretKey } of control.subscriptions()) {
    await expect(page.locator('body')).not.toContainText(secretKey);
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page })
      .include('[data-testid="cause-link"]')
      .include('[data-testid="recent-changes"]')
      .analyze();
    expect(violations.map((v) => `${colorScheme} ${v.id}: ${v.help}`)).toEqual([]);
  }
});
