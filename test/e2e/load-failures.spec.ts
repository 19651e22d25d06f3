import { expect, test } from './harness/fixtures';
import { demoUrl, startDemo } from './harness/flows';

test('a failed account list at start shows the error and a retry, not the first-run screen', async ({
  harness,
}) => {
  const { page } = harness;
  harness.failNext('listProfiles', { kind: 'keychain', message: 'The keychain is locked.' });
  await harness.load();
  await expect(page.getByRole('alert')).toHaveText(
    'The app could not load your accounts. The keychain is locked.',
  );
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Webhook Tray');
  await expect(page.getByRole('button', { name: 'Try it with the built-in sandbox' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keep your Calypso webhooks alive');
});

test('a change signalled while the start-up error shows loads the app again', async ({ harness }) => {
  const { page } = harness;
  harness.failNext('listProfiles', { kind: 'keychain', message: 'The keychain is locked.' });
  await harness.load();
  await expect(page.getByRole('alert')).toHaveText(
    'The app could not load your accounts. The keychain is locked.',
  );
  // A partial re-read would clear the error and leave a spinner without Try again: the whole
  // start-up runs again instead, and it leaves the loading screen.
  await harness.push('profilesChanged', null);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keep your Calypso webhooks alive');
});

test('a history that cannot be loaded says so instead of "no data yet"', async ({ harness }) => {
  const { page } = harness;
  harness.failNext('channelHistory', { kind: 'internal', message: 'history.json is unreadable.' });
  const demo = await startDemo(harness);
  await expect(
    demo.getByRole('img', { name: /the history could not be loaded\. history\.json/ }),
  ).toHaveCount(1);
  await expect(demo.getByRole('img', { name: /no data yet|peak/ })).toHaveCount(2);
  await expect(page.getByRole('img', { name: /could not be loaded/ })).toHaveCount(1);
});

test('a refresh that fails after an action shows the error', async ({ harness }) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  await demo.getByRole('button', { name: `Open webhook ${demoUrl(harness, 'shop')}` }).click();
  harness.failNext('getSnapshot', { kind: 'internal', message: 'The monitor did not answer.' });
  await page.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByText('Disabled: Calypso stops delivering here.')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'The monitor did not answer.' })).toBeVisible();
});
