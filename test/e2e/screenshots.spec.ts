import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEMO_REQUEST_IDS } from '../../main/core/sandbox/demo-seed';
import { SANDBOX_PROFILE_ID } from '../../main/core/sandbox/sandbox-demo';
import { expect, test } from './harness/fixtures';
import { checkNow, demoUrl, startDemo } from './harness/flows';

// `npm run screenshots` writes every picture under test-results/screenshots/, leaving the tree clean;
// `WT_UPDATE_DOCS=1 npm run screenshots` writes the README's pictures into docs/ instead. The
// Playwright config keeps this file out of `npm test`.
const OUT = resolve(__dirname, '../../test-results/screenshots');
const DOCS = process.env.WT_UPDATE_DOCS === '1' ? resolve(__dirname, '../../docs') : OUT;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Health = 'healthy' | 'failing' | 'blocked';
type Point = [number, number, Health];

/** A series every 20 minutes over the last day, its errorCount given by `at` (ms before now). */
function series(now: number, count: (ago: number) => [number, Health]): Point[] {
  const points: Point[] = [];
  for (let ago = 24 * HOUR - 10 * MINUTE; ago > 2 * MINUTE; ago -= 20 * MINUTE) {
    points.push([now - ago, ...count(ago)]);
  }
  return points;
}

/**
 * A day of history for the demo's three webhooks, written before the app opens its config folder:
 * the shop had a short outage overnight and recovered, payouts started failing half an hour ago,
 * and the legacy ERP climbed to Calypso's limit and was blocked three hours ago.
 */
async function seedHistory(configDir: string): Promise<void> {
  const now = Date.now();
  const key = (id: string) => `${SANDBOX_PROFILE_ID}/${id}`;
  const climb = (from: number, to: number, ago: number, start: number, end: number) =>
    Math.round(from + ((to - from) * (start - ago)) / (start - end));
  const file = {
    version: 1,
    series: {
      [key(DEMO_REQUEST_IDS.shop)]: series(now, (ago) =>
        ago < 15 * HOUR && ago > 13 * HOUR
          ? [climb(3, 38, ago, 15 * HOUR, 13 * HOUR), 'failing']
          : [0, 'healthy'],
      ),
      [key(DEMO_REQUEST_IDS.payouts)]: series(now, (ago) =>
        ago < 35 * MINUTE ? [climb(4, 22, ago, 35 * MINUTE, 0), 'failing'] : [0, 'healthy'],
      ),
      [key(DEMO_REQUEST_IDS.legacyErp)]: series(now, (ago) =>
        ago > 4 * HOUR
          ? [0, 'healthy']
          : ago > 3 * HOUR
            ? [climb(6, 101, ago, 4 * HOUR, 3 * HOUR), 'failing']
            : [101, 'blocked'],
      ),
    },
    events: [],
  };
  await writeFile(join(configDir, 'history.json'), JSON.stringify(file));
}

test.use({
  prepareConfig: { run: seedHistory },
  // Calypso's own limit, so the blocked webhook reads like a real one.
  sandboxOptions: { deliveryIntervalMs: null, blockAfter: 100, deliveryTimeoutMs: 1_000 },
});

test('docs screenshots: onboarding, dashboard light and dark, channel screen', async ({ harness }) => {
  const { page } = harness;
  await harness.open();
  await expect(page.getByRole('button', { name: 'Try it with the built-in sandbox' })).toBeVisible();
  await page.screenshot({ path: resolve(DOCS, 'onboarding.png') });
  const demo = await startDemo(harness);
  const control = harness.sandbox().control;
  const now = control.now();
  control.forceFields(DEMO_REQUEST_IDS.payouts, {
    errorCount: 24,
    errorFirstDate: new Date(now - 35 * MINUTE).toISOString(),
    errorLastDate: new Date(now - 20_000).toISOString(),
  });
  await checkNow(demo);
  await expect(demo.locator('[data-health]')).toHaveText(['Healthy', 'Failing', 'Blocked']);
  await expect(demo.getByRole('img', { name: /peak [1-9]\d*, now 0/ })).toBeVisible();
  await page.mouse.move(0, 0);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: resolve(DOCS, 'dashboard-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: resolve(DOCS, 'dashboard-dark.png') });

  await page.emulateMedia({ colorScheme: 'light' });
  await demo.getByRole('button', { name: `Open webhook ${demoUrl(harness, 'payouts')}` }).click();
  await expect(page.getByRole('heading', { name: 'Deliveries are failing' })).toBeVisible();
  await expect(page.getByRole('img', { name: /peak 24/ })).toBeVisible();
  await page.screenshot({ path: resolve(DOCS, 'channel.png'), fullPage: true });
});

test('review screenshots of every screen', async ({ harness }) => {
  const { page } = harness;
  const out = (name: string) => resolve(OUT, 'screens', `${name}.png`);
  await harness.open();
  await page.screenshot({ path: out('onboarding'), fullPage: true });
  const demo = await startDemo(harness);
  await demo.getByRole('button', { name: 'New webhook for Sandbox demo' }).click();
  await page.screenshot({ path: out('create'), fullPage: true });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await demo.getByRole('button', { name: /Open webhook .*legacy-erp/ }).click();
  await page.screenshot({ path: out('blocked'), fullPage: true });
  await page.getByRole('button', { name: 'Edit URL and events' }).click();
  await page.screenshot({ path: out('edit'), fullPage: true });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Activity' }).click();
  await page.screenshot({ path: out('activity'), fullPage: true });
  await nav.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.screenshot({ path: out('accounts'), fullPage: true });
  await nav.getByRole('button', { name: 'Settings' }).click();
  await page.screenshot({ path: out('settings'), fullPage: true });
});
