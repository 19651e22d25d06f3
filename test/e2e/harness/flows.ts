import type { Locator } from '@playwright/test';
import { DEMO_REQUEST_IDS } from '../../../main/core/sandbox/demo-seed';
import { expect, type Harness } from './fixtures';

/** First run: opens the window and starts the sandbox demo from the onboarding screen. */
export async function startDemo(harness: Harness): Promise<Locator> {
  const { page } = harness;
  await harness.open();
  await page.getByRole('button', { name: 'Try it with the built-in sandbox' }).click();
  const demo = page.getByRole('region', { name: 'Sandbox demo' });
  await expect(demo.getByRole('listitem')).toHaveCount(3);
  return demo;
}

/** The URL of one of the demo's three webhooks. */
export function demoUrl(harness: Harness, which: keyof typeof DEMO_REQUEST_IDS): string {
  const found = harness
    .sandbox()
    .control.subscriptions()
    .find((s) => s.requestId === DEMO_REQUEST_IDS[which]);
  if (found === undefined) throw new Error(`flows: the demo has no "${which}" webhook`);
  return found.url;
}

/** The account's one status line ("Last check … · next …"). */
export function accountStatus(demo: Locator): Locator {
  return demo.getByTestId('account-status');
}

/** Presses the account's Check now and waits for its status line to show that new check. */
export async function checkNow(demo: Locator): Promise<void> {
  const lastCheck = accountStatus(demo).locator('time');
  const before = await lastCheck.getAttribute('datetime');
  await demo.getByRole('button', { name: 'Check now Sandbox demo' }).click();
  await expect.poll(() => lastCheck.getAttribute('datetime')).not.toBe(before);
  await expect(accountStatus(demo)).toContainText('Last check just now');
}

/** The webhook of the dashboard whose URL matches. */
export function webhookRow(demo: Locator, url: string | RegExp): Locator {
  return demo.getByRole('listitem').filter({ has: demo.page().getByRole('button', { name: url }) });
}
