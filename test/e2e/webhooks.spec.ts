import { expect, test } from './harness/fixtures';
import { demoUrl, startDemo, webhookRow } from './harness/flows';

const CREATE_PATH = '/api/v1/subscription/webhook/create';

test('create: an invalid URL shows the error and sends nothing; a valid one appears', async ({ harness }) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const control = harness.sandbox().control;
  await demo.getByRole('button', { name: 'New webhook for Sandbox demo' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New webhook');

  const url = page.getByLabel('Webhook URL');
  await url.fill('ftp://shop.example/hook');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('The URL must start with https://')).toBeVisible();
  await url.fill('http://shop.example/hook');
  await expect(page.getByText(/Plain http:\/\/ is only allowed/)).toBeVisible();

  // A group is named by its readable label; the raw constant Calypso uses describes it.
  const payouts = page.getByRole('checkbox', { name: 'Payouts', exact: true });
  await expect(payouts).toHaveAccessibleDescription(/^PAYOUT · /);
  // Families without a documented group offer their events one by one; legacy events say so.
  await expect(page.getByRole('checkbox', { name: /Fiat deposits/ })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Order created', exact: true })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Speeded up (legacy)', exact: true })).toBeVisible();
  await payouts.check();
  await page.getByRole('button', { name: 'Create webhook' }).click();
  await expect(page.getByRole('alert')).toContainText('Nothing was sent.');
  expect(control.requests().filter((r) => r.path === CREATE_PATH)).toEqual([]);

  const target = control.switchUrl('shop');
  await url.fill(target);
  await expect(url).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Other event type or group').fill('invoice_brand_new_event');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Other types' })).toContainText('INVOICE_BRAND_NEW_EVENT');
  // A known group or event typed in selects its own checkbox instead of becoming an "other" type.
  await page.getByLabel('Other event type or group').fill('recurrent');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Recurring payments', exact: true })).toBeChecked();
  await page.getByLabel('Other event type or group').fill('invoice_paid');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Paid', exact: true })).toBeChecked();
  await expect(page.getByRole('list', { name: 'Other types' }).getByRole('listitem')).toHaveText([
    /INVOICE_BRAND_NEW_EVENT/,
  ]);
  await page.getByRole('button', { name: 'Create webhook' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(target);
  const created = control.subscriptions().find((s) => s.url === target);
  expect(created?.notificationServiceTypes).toEqual(['PAYOUT', 'RECURRENT']);
  expect(created?.notificationEventTypes).toEqual(['INVOICE_BRAND_NEW_EVENT', 'INVOICE_PAID']);
  expect(control.requests().filter((r) => r.path === CREATE_PATH)).toHaveLength(1);

  await page.getByRole('button', { name: 'Dashboard' }).first().click();
  await expect(demo.getByRole('listitem')).toHaveCount(4);
  await expect(webhookRow(demo, `Open webhook ${target}`).locator('[data-health]')).toHaveText('Healthy');
});

test('channel: change URL, disable and enable, regenerate keys, reveal and copy, delete', async ({
  harness,
}) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const control = harness.sandbox().control;
  const original = demoUrl(harness, 'payouts');
  await demo.getByRole('button', { name: `Open webhook ${original}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(original);

  // Change URL: main's dialog names both URLs; Cancel there keeps the old one, confirmed it moves.
  const moved = control.switchUrl('payouts-v2');
  await page.getByRole('button', { name: 'Edit URL and events' }).click();
  await page.getByLabel('Webhook URL').fill(moved);
  harness.dialogs.answer = false;
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => harness.dialogs.asked.length).toBe(1);
  expect(harness.dialogs.asked[0]!.message).toContain(moved);
  expect(harness.dialogs.asked[0]!.detail).toContain(original);
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeEnabled();
  expect(control.subscriptions().some((s) => s.url === original)).toBe(true);
  harness.dialogs.answer = true;
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(moved);
  // The form closed; its result stays in view.
  const details = page.getByRole('region', { name: 'Details' });
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeHidden();
  await expect(details.getByRole('status')).toContainText('Saved.');
  await expect(page.getByRole('button', { name: 'Edit URL and events' })).toBeFocused();
  const requestId = control.subscriptions().find((s) => s.url === moved)?.requestId;
  expect(requestId).toBeTruthy();

  // Disable and enable.
  const badge = page.locator('header [data-health]');
  await page.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByText('Disabled: Calypso stops delivering here.')).toBeVisible();
  await expect(badge).toHaveText('Disabled');
  expect(control.subscriptions().find((s) => s.requestId === requestId)?.enabled).toBe(false);
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(badge).not.toHaveText('Disabled');
  expect(control.subscriptions().find((s) => s.requestId === requestId)?.enabled).toBe(true);

  // Regenerate keys: main's dialog explains the consequences (the window asks nothing); Cancel there
  // changes nothing; confirmed, the new public key shows and the secret stays masked.
  const publicKey = page.getByTestId('public-key');
  const secretKey = page.getByTestId('secret-key');
  const before = await publicKey.textContent();
  const secretsBefore = control.subscriptions().map((s) => s.secretKey);
  harness.dialogs.answer = false;
  harness.dialogs.asked.length = 0;
  await page.getByRole('button', { name: 'Regenerate keys' }).click();
  await expect.poll(() => harness.dialogs.asked.length).toBe(1);
  expect(harness.dialogs.asked[0]!.detail).toContain('every webhook subscription of this account');
  expect(harness.dialogs.asked[0]!.detail).toContain('more than 100 failed deliveries within 10 minutes');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Regenerate keys' })).toBeEnabled();
  expect(control.subscriptions().map((s) => s.secretKey)).toEqual(secretsBefore);
  harness.dialogs.answer = true;
  await page.getByRole('button', { name: 'Regenerate keys' }).click();
  await expect(page.getByText('New keys issued.')).toBeVisible();
  const regenerated = control.subscriptions().find((s) => s.requestId === requestId);
  // Every subscription of the account with its new key, masked, each with its own copy button.
  const newKeys = page.getByRole('list', { name: 'New keys' }).getByRole('listitem');
  await expect(newKeys).toHaveCount(control.subscriptions().length);
  for (const subscription of control.subscriptions()) {
    await expect(newKeys.filter({ hasText: subscription.url })).toContainText(
      `••••••••••••${subscription.secretKey.slice(-4)}`,
    );
  }
  const other = control.subscriptions().find((s) => s.requestId !== requestId)!;
  await page.getByRole('button', { name: `Copy the new secret key of ${other.url}` }).click();
  await expect(page.getByTestId('regenerated-keys').getByText(/^Secret key copied\./)).toBeVisible();
  expect(harness.clipboard.text).toBe(other.secretKey);
  await expect(publicKey).toHaveText(regenerated!.publicKey);
  expect(regenerated!.publicKey).not.toBe(before);
  await expect(secretKey).toHaveText(`••••••••••••${regenerated!.secretKey.slice(-4)}`);
  await expect(page.locator('body')).not.toContainText(regenerated!.secretKey);

  // Reveal: main shows the secret in its own dialog; it never reaches the page.
  await page.getByRole('button', { name: 'Reveal' }).click();
  await expect(page.getByText('The secret key was shown in a separate dialog.')).toBeVisible();
  expect(harness.dialogs.secrets.at(-1)?.detail).toBe(regenerated!.secretKey);
  await expect(page.locator('body')).not.toContainText(regenerated!.secretKey);

  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  // The delay comes from the clearsAt main returns (30 s in the handlers).
  // The key card's own status comes first in the page; the list of new keys keeps its earlier one.
  await expect(
    page.getByText(/^Secret key copied\. The clipboard clears in (29|30) s\.$/).first(),
  ).toBeVisible();
  expect(harness.clipboard.text).toBe(regenerated!.secretKey);

  // Delete: main's dialog names the webhook; Cancel there keeps it, confirmed it goes.
  harness.dialogs.answer = false;
  harness.dialogs.asked.length = 0;
  await page.getByRole('button', { name: 'Delete webhook' }).click();
  await expect.poll(() => harness.dialogs.asked.length).toBe(1);
  expect(harness.dialogs.asked[0]!.message).toContain(moved);
  expect(harness.dialogs.asked[0]!.detail).toContain('cannot be undone');
  await expect(page.getByRole('button', { name: 'Delete webhook' })).toBeEnabled();
  expect(control.subscriptions().some((s) => s.requestId === requestId)).toBe(true);
  harness.dialogs.answer = true;
  await page.getByRole('button', { name: 'Delete webhook' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(demo.getByRole('listitem')).toHaveCount(2);
  // The channel screen is gone: the result shows on the dashboard the merchant lands on.
  await expect(page.getByTestId('app-notice')).toHaveText(`Deleted the webhook ${moved}.`);
  expect(control.subscriptions().some((s) => s.requestId === requestId)).toBe(false);
});

test('a blocked webhook explains what happened and opens the Calypso dashboard', async ({ harness }) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  await demo.getByRole('button', { name: /Open webhook .*legacy-erp/ }).click();
  const notice = page.getByRole('region', { name: 'Calypso blocked this webhook' });
  await expect(notice).toContainText(/\d+ deliveries failed since/);
  await expect(notice).toContainText('Developers → Webhooks');
  await notice.getByRole('button', { name: 'Open Calypso dashboard' }).click();
  await expect(page.getByText(/Opened the Calypso dashboard/)).toBeVisible();
  // The demo account's dashboard: its loopback URL maps to the default one.
  expect(harness.opened).toEqual(['https://dashboard.calypso.finance']);
});

test('channel: a change Calypso does not apply, and an error with Calypso support reference', async ({
  harness,
}) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const control = harness.sandbox().control;
  const original = demoUrl(harness, 'payouts');
  await demo.getByRole('button', { name: `Open webhook ${original}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(original);

  control.ignoreChangeFields(['enabled']);
  await page.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('alert')).toContainText('enabled not applied');
  await expect(page.getByRole('list', { name: 'Not applied' })).toHaveText(
    'enabled: asked off, Calypso shows on',
  );
  control.ignoreChangeFields([]);

  control.injectFault({ status: 500, traceId: 'trace-e2e-42', errorCode: 'INTERNAL_ERROR' });
  await page.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('alert')).toContainText('Calypso had a server error');
  const reference = page.getByText('Support reference: trace id trace-e2e-42, error code INTERNAL_ERROR');
  await expect(reference).toBeVisible();
});

test('regenerate keys: a list that fails afterwards says the keys did change', async ({ harness }) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const control = harness.sandbox().control;
  const original = demoUrl(harness, 'payouts');
  await demo.getByRole('button', { name: `Open webhook ${original}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(original);
  const before = control.subscriptions().map((s) => s.secretKey);

  // The list after the regeneration fails; main's dialog is answered yes by the harness.
  control.injectFault({ status: 503, path: '/api/v1/subscription/webhook', count: 'always' });
  await page.getByRole('button', { name: 'Regenerate keys' }).click();
  await expect(page.getByTestId('regenerated-keys')).toContainText('The keys were regenerated');
  await expect(page.getByTestId('regenerated-keys')).toContainText(
    'Use Check now to see them; do not regenerate again',
  );
  control.clearFaults();
  expect(control.subscriptions().map((s) => s.secretKey)).not.toEqual(before);
});
