import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { DEMO_REQUEST_IDS } from '../../main/core/sandbox/demo-seed';
import { SANDBOX_PROFILE_ID } from '../../main/core/sandbox/sandbox-demo';
import { expect, test } from './harness/fixtures';
import { accountStatus, checkNow, demoUrl, startDemo, webhookRow } from './harness/flows';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// A zone where it is about 18:00 now: the 24 h axis starts yesterday evening (a date on its label)
// and its middle falls this morning (the time alone).
const localHour = 18;
const offset = ((localHour - new Date().getUTCHours() + 36) % 24) - 12;
const timezoneId = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;

/** Two hours of history for the shop webhook: a short outage an hour ago, healthy since. */
async function seedShopHistory(configDir: string): Promise<void> {
  const now = Date.now();
  const points: [number, number, string][] = [];
  for (let ago = 2 * HOUR; ago > 2 * MINUTE; ago -= 10 * MINUTE) {
    const outage = ago <= 70 * MINUTE && ago >= 50 * MINUTE;
    points.push([now - ago, outage ? 5 : 0, outage ? 'failing' : 'healthy']);
  }
  const file = {
    version: 1,
    series: { [`${SANDBOX_PROFILE_ID}/${DEMO_REQUEST_IDS.shop}`]: points },
    events: [],
  };
  await writeFile(join(configDir, 'history.json'), JSON.stringify(file));
}

/** The x of the first point of a chart's line, as a share of its plotting width. */
async function firstPointShare(chart: Locator, padLeft: number, padRight: number): Promise<number> {
  const width = Number(await chart.getAttribute('width'));
  const d = (await chart.locator('path.line').getAttribute('d')) ?? '';
  const x = Number(/^M([\d.]+),/.exec(d)?.[1]);
  return (x - padLeft) / (width - padLeft - padRight);
}

test('one Check now per scope, and one status line per account that also says how a check went', async ({
  harness,
}) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  // One account: its own button is the only one, nothing checks "all" of one.
  await expect(page.getByRole('button', { name: /Check (now|all)/ })).toHaveCount(1);
  await checkNow(demo);
  const header = demo.locator('header');
  await expect(header.getByRole('status')).toHaveCount(1);
  await expect(accountStatus(demo)).toHaveText(/^\s*Last check just now · next in .+ · 127\.0\.0\.1:\d+$/);
  await expect(demo.getByText(/Checked at/)).toHaveCount(0);

  harness.failNext('checkNow', { kind: 'network', message: 'Calypso could not be reached.' });
  await demo.getByRole('button', { name: 'Check now Sandbox demo' }).click();
  await expect(accountStatus(demo)).toContainText(
    'The check failed: Calypso could not be reached. · Last check',
  );
  await expect(header.getByRole('status')).toHaveCount(1);

  const { credentials } = harness.sandbox();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Add account' }).click();
  const form = page.getByRole('region', { name: 'Add a Calypso account' });
  await form.getByLabel('Name').fill('Second shop');
  await form.getByLabel('Built-in sandbox').check();
  await form.getByLabel('Account id').fill(credentials.account);
  await form.getByLabel('API key').fill(credentials.apiKey);
  await form.getByLabel('API secret').fill(credentials.apiSecret);
  await form.getByRole('button', { name: 'Add and test' }).click();
  await expect(page.getByText('Stored in your system keychain')).toBeVisible();
  await nav.getByRole('button', { name: 'Dashboard' }).click();

  // Two accounts: one button for both, and one per account.
  const second = page.getByRole('region', { name: 'Second shop' });
  await expect(second.getByTestId('account-status')).toContainText('Last check');
  await expect(page.getByRole('button', { name: /^Check now/ })).toHaveCount(2);
  await page.getByRole('button', { name: 'Check all accounts' }).click();
  await expect(page.getByText('Checked every account.')).toBeVisible();
  for (const section of [demo, second]) {
    await expect(section.locator('header').getByRole('status')).toHaveCount(1);
    await expect(section.getByTestId('account-status')).toContainText('Last check just now');
  }
});

test.describe('charts', () => {
  test.use({ prepareConfig: { run: seedShopHistory }, locale: 'en-US', timezoneId });

  test('share one 24 h scale, said once; past failures are grey; axis labels before today are dated', async ({
    harness,
  }) => {
    const { page } = harness;
    const demo = await startDemo(harness);
    await expect(page.getByText(/failed deliveries over the last 24 hours/)).toHaveCount(1);
    await expect(page.getByText('failures, last 24 h')).toHaveCount(0);

    const shop = webhookRow(demo, `Open webhook ${demoUrl(harness, 'shop')}`);
    const sparkline = shop.getByRole('img', { name: /peak 5, now 0/ });
    await expect(sparkline).toBeVisible();
    // Two hours of history sit at the right end of a 24 h axis, not spread across it.
    expect(await firstPointShare(sparkline, 1, 3)).toBeCloseTo(22 / 24, 1);
    // Healthy now: its past outage is drawn grey (--off-line), not in the healthy green (--ok-line).
    const stroke = await sparkline.locator('path.line').evaluate((path) => getComputedStyle(path).stroke);
    expect(stroke).toBe('rgb(140, 150, 163)');

    await shop.getByRole('button', { name: /^Open webhook/ }).click();
    const chart = page.getByRole('img', { name: /peak 5, now 0/ });
    await expect(chart).toBeVisible();
    expect(await firstPointShare(chart, 36, 8)).toBeCloseTo(22 / 24, 1);
    const labels = await chart.locator('text.axis').allTextContents();
    // peak, 0, start (yesterday evening), middle (this morning), now
    expect(labels.slice(2)).toEqual([
      expect.stringMatching(/^[A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} PM$/),
      expect.stringMatching(/^\d{1,2}:\d{2} AM$/),
      'now',
    ]);
    // Full dates read the same everywhere, with their time zone.
    const created = page.locator('dt:text-is("Created") + dd');
    await expect(created).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M (UTC|GMT[+-]\d+)$/);
  });
});

test('the create and the edit form lay out every event group and family alike', async ({ harness }) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const looks = (form: Locator) =>
    form
      .getByRole('group', { name: 'Events' })
      .locator('fieldset')
      .evaluateAll((groups) =>
        groups.map((group) => {
          const style = getComputedStyle(group);
          const legend = group.querySelector('legend')!.getBoundingClientRect().height;
          return `${style.borderTopColor} ${style.borderTopWidth} ${style.padding} ${legend}`;
        }),
      );
  await demo.getByRole('button', { name: 'New webhook for Sandbox demo' }).click();
  const create = page.locator('form');
  await expect(create.getByRole('group', { name: 'Events' })).toContainText('Pick whole groups');
  const created = await looks(create);
  expect(created).toHaveLength(6);
  expect(new Set(created).size).toBe(1);

  await page.getByRole('button', { name: 'Cancel' }).click();
  await demo.getByRole('button', { name: /Open webhook .*legacy-erp/ }).click();
  await page.getByRole('button', { name: 'Edit URL and events' }).click();
  const edit = page.locator('form');
  await expect(edit.getByRole('group', { name: 'Events' })).toContainText('Pick whole groups');
  expect(await looks(edit)).toEqual(created);
});
