import { expect, test } from './harness/fixtures';
import { startDemo } from './harness/flows';

test('accounts: add, test, edit and remove; the secret is write-only', async ({ harness }) => {
  const { page } = harness;
  await startDemo(harness);
  const { credentials } = harness.sandbox();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }).click();

  await page.getByRole('button', { name: 'Add account' }).click();
  const form = page.getByRole('region', { name: 'Add a Calypso account' });
  await form.getByLabel('Name').fill('Second shop');
  await form.getByLabel('Built-in sandbox').check();
  await form.getByLabel('Account id').fill(credentials.account);
  await form.getByLabel('API key').fill(credentials.apiKey);
  await form.getByLabel('API secret').fill(credentials.apiSecret);
  await form.getByRole('button', { name: 'Add and test' }).click();

  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Second shop' }) });
  await expect(card).toContainText('Stored in your system keychain');
  const id = (await card.getAttribute('data-profile-id'))!;
  expect(await harness.services.profiles.hasSecret(id)).toBe(true);

  await card.getByRole('button', { name: 'Test Second shop' }).click();
  await expect(card.getByText(/Connected\. Calypso answered with 3 webhooks\./)).toBeVisible();

  await card.getByRole('button', { name: 'Edit Second shop' }).click();
  await expect(card.getByLabel('API secret')).toHaveValue('');
  // A new account id needs the secret typed again, and the form says why before anything is sent.
  const accountId = await card.getByLabel('Account id').inputValue();
  await card.getByLabel('Account id').fill('0xsomewhere-else');
  await card.getByRole('button', { name: 'Save and test' }).click();
  await expect(card.getByLabel('API secret')).toBeFocused();
  await expect(card).toContainText('the saved one is never sent to a new base URL or account id');
  expect(harness.services.profiles.require(id).account).toBe(accountId);
  await card.getByLabel('Account id').fill(accountId);
  await card.getByLabel('Name').fill('Second shop (EU)');
  await card.getByRole('button', { name: 'Save and test' }).click();
  const renamed = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Second shop (EU)' }) });
  await expect(renamed.getByRole('button', { name: 'Edit Second shop (EU)' })).toBeFocused();
  // The form closed; the card keeps its result.
  await expect(renamed.getByRole('status')).toHaveText('Saved Second shop (EU); the connection works.');

  // Main's dialog confirms the removal (the window asks nothing): Cancel keeps the account.
  harness.dialogs.answer = false;
  await renamed.getByRole('button', { name: 'Remove Second shop (EU)' }).click();
  await expect.poll(() => harness.dialogs.asked.length).toBe(1);
  expect(harness.dialogs.asked[0]).toMatchObject({ title: 'Remove Second shop (EU)?' });
  expect(harness.dialogs.asked[0]!.detail).toContain('deletes its API secret from your keychain');
  await expect(renamed.getByRole('button', { name: 'Remove Second shop (EU)' })).toBeEnabled();
  expect(await harness.services.profiles.hasSecret(id)).toBe(true);
  harness.dialogs.answer = true;
  await renamed.getByRole('button', { name: 'Remove Second shop (EU)' }).click();
  await expect(renamed).toHaveCount(0);
  // The card went away with the account: the result shows at the top of the screen.
  await expect(page.getByTestId('app-notice')).toHaveText('Removed the account Second shop (EU).');
  expect(harness.services.profiles.list().some((p) => p.id === id)).toBe(false);
  expect(await harness.services.profiles.hasSecret(id)).toBe(false);
});

test('accounts and settings changed outside the window (the CLI) show without a reload', async ({
  harness,
}) => {
  const { page } = harness;
  await startDemo(harness);
  const { url, credentials } = harness.sandbox();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Accounts' }).click();
  const cards = page.locator('li[data-profile-id]');
  await expect(cards).toHaveCount(1);

  // What the CLI does, straight on the services: main signals the window, which reads its list again.
  const { profiles } = harness.services;
  const added = await profiles.add({ name: 'CLI shop', baseUrl: url, ...credentials });
  const card = page.locator(`li[data-profile-id="${added.id}"]`);
  await expect(card.getByRole('heading', { name: 'CLI shop' })).toBeVisible();
  await card.getByRole('button', { name: 'Test CLI shop' }).click();
  await expect(card.getByText(/Connected\. Calypso answered with 3 webhooks\./)).toBeVisible();

  await profiles.update(added.id, { name: 'CLI shop (EU)' });
  await expect(card.getByRole('heading', { name: 'CLI shop (EU)' })).toBeVisible();

  await profiles.remove(added.id);
  await expect(card).toHaveCount(0);
  await expect(cards).toHaveCount(1);

  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('button', { name: 'Turn notifications on' })).toHaveCount(0);
  profiles.setAppSettings({ snoozeAllUntil: new Date(Date.now() + 3_600_000).toISOString() });
  await expect(page.getByText(/All notifications are silenced until/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Turn notifications on' })).toBeVisible();
});

test('settings: intervals, notification kinds and quiet time are saved; invalid input is refused', async ({
  harness,
}) => {
  const { page } = harness;
  await startDemo(harness);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();

  // Both fields state the one range the core and the CLI accept (the window once claimed 10 and 5 as minimums).
  await expect(page.getByText('While every webhook is healthy. 1 to 3600.')).toBeVisible();
  await expect(page.getByText('A failing webhook can be blocked within minutes. 1 to 3600.')).toBeVisible();
  await page.getByLabel('Normally, check every (seconds)').fill('3601');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText('from 1 to 3600. Nothing was saved.');
  expect(harness.services.profiles.getAppSettings().normalIntervalSec).toBe(60);

  await page.getByLabel('Normally, check every (seconds)').fill('120');
  await page.getByLabel('While failing, check every (seconds)').fill('1');
  await page.getByRole('checkbox', { name: /^Recoveries/ }).uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  const saved = harness.services.profiles.getAppSettings();
  expect(saved.normalIntervalSec).toBe(120);
  expect(saved.fastIntervalSec).toBe(1);
  expect(saved.notifications.recovered).toBe(false);
  expect(saved.notifications.blocked).toBe(true);

  await page.getByRole('button', { name: 'Silence for 1 hour' }).click();
  await expect(page.getByText('Notifications silenced for 1 hour.')).toBeVisible();
  expect(harness.services.profiles.getAppSettings().snoozeAllUntil).not.toBeNull();
  await page.getByRole('button', { name: 'Turn notifications on' }).click();
  await expect(page.getByText('Notifications are on again.')).toBeVisible();
  expect(harness.services.profiles.getAppSettings().snoozeAllUntil).toBeNull();
});

test('settings: launch at login goes to the login item only when it changes', async ({ harness }) => {
  const { page } = harness;
  await startDemo(harness);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const launch = page.getByRole('checkbox', { name: 'Start Webhook Tray when I log in' });
  await expect(launch).not.toBeChecked();

  await launch.check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  expect(harness.loginItemCalls).toEqual([true]);
  expect(harness.services.profiles.getAppSettings().launchAtLogin).toBe(true);

  // Saving again without a change leaves the login item alone.
  await page.getByLabel('Normally, check every (seconds)').fill('90');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect.poll(() => harness.services.profiles.getAppSettings().normalIntervalSec).toBe(90);
  expect(harness.loginItemCalls).toEqual([true]);

  await launch.uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => harness.loginItemCalls).toEqual([true, false]);
  expect(harness.services.profiles.getAppSettings().launchAtLogin).toBe(false);
});

test('activity: the event log filters by event and account', async ({ harness }) => {
  const { page } = harness;
  await startDemo(harness);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Activity' }).click();
  const log = page.getByRole('list', { name: 'Events' });
  await expect(log.getByRole('listitem').first()).toBeVisible();

  await page.getByLabel('Event', { exact: true }).selectOption({ label: 'Blocked' });
  await expect(log.getByRole('listitem')).toHaveCount(1);
  await expect(log).toContainText('legacy-erp');
  await page.getByLabel('Event', { exact: true }).selectOption({ label: 'Recovered' });
  await expect(page.getByText('No event matches these filters.')).toBeVisible();

  await page.getByLabel('Event', { exact: true }).selectOption({ label: 'Blocked' });
  await log.getByRole('button', { name: /Open/ }).click();
  await expect(page.getByRole('heading', { name: 'Calypso blocked this webhook' })).toBeVisible();
});

test('monitoring: pause for 15 minutes, then resume', async ({ harness }) => {
  const { page } = harness;
  await startDemo(harness);
  await page.getByText('Pause', { exact: true }).click();
  await page.getByRole('button', { name: 'For 15 minutes' }).click();
  await expect(page.getByText('Monitoring paused for 15 minutes.')).toBeVisible();
  await expect(page.getByText(/^Paused until in 1[45] minutes$/)).toBeVisible();
  expect(harness.services.monitor.getSnapshot().pausedUntil).not.toBeNull();

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByText('Monitoring resumed.')).toBeVisible();
  expect(harness.services.monitor.getSnapshot().pausedUntil).toBeNull();
});
