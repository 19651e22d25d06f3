import { expect, test, type Harness } from './harness/fixtures';
import { checkNow, demoUrl, startDemo, webhookRow } from './harness/flows';

/** A new webhook on a switchable receiver that answers 200 until the test makes it fail. */
function addHealthyCheckout(harness: Harness) {
  const control = harness.sandbox().control;
  control.setReceiver('checkout', 'ok');
  const url = control.switchUrl('checkout');
  control.addSubscription({ url, notificationServiceTypes: ['INVOICE'] });
  return { control, url };
}

async function titles(harness: Harness): Promise<string[]> {
  return (await harness.notifications()).map((n) => n.title);
}

test('the demo’s first check notifies about the webhooks already failing and blocked', async ({
  harness,
}) => {
  await startDemo(harness);
  const payouts = demoUrl(harness, 'payouts');
  const legacy = demoUrl(harness, 'legacyErp');
  const shop = demoUrl(harness, 'shop');
  // The first list reports bad states it finds, so an already-blocked webhook is never silent.
  await expect
    .poll(() => titles(harness))
    .toEqual(expect.arrayContaining([`Webhook failing: ${payouts}`, `Webhook blocked: ${legacy}`]));
  const all = await harness.notifications();
  // Failing fast enough for Calypso's rule: the failing notification says when it will be blocked,
  // and a block-risk notification follows.
  const forPayouts = all.filter((n) => n.title.endsWith(payouts));
  expect(forPayouts.map((n) => n.title)).toEqual([
    `Webhook failing: ${payouts}`,
    `Webhook about to be blocked: ${payouts}`,
  ]);
  expect(forPayouts[0]?.body).toMatch(
    /Calypso will block this webhook in (about \d+ minutes?|less than a minute) at the current failure rate/,
  );
  expect(all.filter((n) => n.title.endsWith(legacy)).map((n) => n.title)).toEqual([
    `Webhook blocked: ${legacy}`,
  ]);
  expect(all.some((n) => n.title.endsWith(shop))).toBe(false);
});

test('a healthy receiver that starts failing raises "failing", then "blocked"; the badge follows', async ({
  harness,
}) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const { control, url } = addHealthyCheckout(harness);
  await control.deliverNow();
  await checkNow(demo);
  const row = webhookRow(demo, `Open webhook ${url}`);
  await expect(row.locator('[data-health]')).toHaveText('Healthy');

  control.setReceiver('checkout', 'fail');
  await control.deliverNow();
  await checkNow(demo);
  await expect(row.locator('[data-health]')).toHaveText('Failing');
  await expect.poll(() => titles(harness)).toContain(`Webhook failing: ${url}`);

  // blockAfter is 4 in the harness: the fifth failure in a row blocks it.
  for (let round = 0; round < 4; round += 1) await control.deliverNow();
  expect(control.subscriptions().find((s) => s.url === url)?.blockedByErrorCount).toBe(true);
  await checkNow(demo);
  await expect(row.locator('[data-health]')).toHaveText('Blocked');
  await expect.poll(() => titles(harness)).toContain(`Webhook blocked: ${url}`);

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

test('silencing one webhook’s alerts stops its notifications until they are turned back on', async ({
  harness,
}) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const { control, url } = addHealthyCheckout(harness);
  await checkNow(demo);
  await demo.getByRole('button', { name: `Open webhook ${url}` }).click();

  const manage = page.getByRole('region', { name: 'Manage' });
  await manage.getByRole('button', { name: 'Silence for 1 hour' }).click();
  await expect(manage.getByText('Alerts for this webhook are silenced for 1 hour.')).toBeVisible();
  await expect(manage.getByTestId('snooze-state')).toContainText('silenced until');

  // Settings lists the silenced webhook.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  const silenced = page.getByRole('list', { name: 'Silenced webhooks' });
  await expect(silenced.getByRole('listitem')).toHaveCount(1);
  await expect(silenced).toContainText(url);

  // It fails while silenced: the dashboard shows it, no notification does.
  control.setReceiver('checkout', 'fail');
  await control.deliverNow();
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await checkNow(demo);
  await expect(webhookRow(demo, `Open webhook ${url}`).locator('[data-health]')).toHaveText('Failing');
  expect((await titles(harness)).filter((t) => t.endsWith(url))).toEqual([]);

  // Turned back on from Settings: the next incident notifies again.
  await nav.getByRole('button', { name: 'Settings' }).click();
  await silenced.getByRole('button', { name: `Turn alerts back on for ${url}` }).click();
  await expect(page.getByText(`Alerts are on again for ${url}`)).toBeVisible();
  await expect(silenced).toBeHidden();
  expect(harness.services.profiles.getAppSettings().channelSnoozes).toEqual({});
  for (let round = 0; round < 4; round += 1) await control.deliverNow();
  await nav.getByRole('button', { name: 'Dashboard' }).click();
  await checkNow(demo);
  await expect.poll(() => titles(harness)).toContain(`Webhook blocked: ${url}`);

  // The channel screen's own switch: silence, then turn back on.
  await demo.getByRole('button', { name: `Open webhook ${url}` }).click();
  await manage.getByRole('button', { name: 'Silence for 8 hours' }).click();
  await manage.getByRole('button', { name: 'Turn alerts back on' }).click();
  await expect(manage.getByText('Alerts for this webhook are on again.')).toBeVisible();
  await expect(manage.getByRole('button', { name: 'Silence for 1 hour' })).toBeVisible();
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
