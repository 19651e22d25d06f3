import { expect, test } from './harness/fixtures';
import { checkNow, startDemo, webhookRow } from './harness/flows';

test('a receiver that starts failing raises "failing", then "blocked"; the badge follows', async ({
  harness,
}) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const control = harness.sandbox().control;
  const url = control.switchUrl('payouts');
  const row = webhookRow(demo, `Open webhook ${url}`);
  await expect(row.locator('[data-health]')).toHaveText('Healthy');

  await control.deliverNow();
  await checkNow(demo);
  await expect(row.locator('[data-health]')).toHaveText('Failing');
  await expect
    .poll(async () => (await harness.notifications()).map((n) => n.title))
    .toContain(`Webhook failing: ${url}`);

  // blockAfter is 4 in the harness: the fifth failure in a row blocks it.
  for (let round = 0; round < 4; round += 1) await control.deliverNow();
  expect(control.subscriptions().find((s) => s.url === url)?.blockedByErrorCount).toBe(true);
  await checkNow(demo);
  await expect(row.locator('[data-health]')).toHaveText('Blocked');
  await expect
    .poll(async () => (await harness.notifications()).map((n) => n.title))
    .toContain(`Webhook blocked: ${url}`);

  const mine = (await harness.notifications()).filter((n) => n.title.endsWith(url));
  expect(mine.map((n) => n.title)).toEqual([`Webhook failing: ${url}`, `Webhook blocked: ${url}`]);
  // One incident, one tag: the blocked notification replaces the failing one instead of stacking.
  expect(mine[0]!.tag).not.toBe('');
  expect(mine[1]!.tag).toBe(mine[0]!.tag);

  // Clicking the notification opens the window on that channel.
  await page.evaluate((title) => {
    const shown = (window as unknown as { __wtNotificationInstances: Notification[] })
      .__wtNotificationInstances;
    shown.find((n) => n.title === title)?.dispatchEvent(new Event('click'));
  }, `Webhook blocked: ${url}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(url);
  await expect(page.getByRole('region', { name: 'Calypso blocked this webhook' })).toBeVisible();
});

test('a navigate push from main shows that channel', async ({ harness }) => {
  const { page } = harness;
  await startDemo(harness);
  const session = harness.services.sandboxDemo.current()!;
  const target = session.sandbox.control.subscriptions().find((s) => s.url.endsWith('/legacy-erp'))!;
  await harness.push('navigate', { profileId: session.profile.id, requestId: target.requestId });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(target.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});
