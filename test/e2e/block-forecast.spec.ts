import { expect, test } from './harness/fixtures';
import { demoUrl, startDemo, webhookRow } from './harness/flows';

const FORECAST =
  /^Calypso will block this webhook (in about \d+ minutes?|in less than a minute) at the current failure rate$/;

test('a failing webhook says when Calypso will block it, on its card and its screen', async ({ harness }) => {
  const demo = await startDemo(harness);
  // The demo's payouts webhook fails every 2 s (30 a minute): a block is a few minutes away.
  const payouts = webhookRow(demo, demoUrl(harness, 'payouts'));
  await expect(payouts.getByTestId('block-forecast')).toHaveText(FORECAST);
  // Only failing webhooks get one: the healthy and the blocked do not.
  await expect(demo.getByTestId('block-forecast')).toHaveCount(1);

  await payouts.getByRole('button', { name: `Open webhook ${demoUrl(harness, 'payouts')}` }).click();
  await expect(harness.page.getByTestId('block-forecast')).toHaveText(FORECAST);
  // The notice quotes both rules: Calypso's, and the one this sandbox announces (harness: 4, demo window 60 s).
  await expect(harness.page.getByText("Calypso's live service blocks a webhook after")).toHaveText(
    "Calypso's live service blocks a webhook after more than 100 failed deliveries within 10 minutes. " +
      'This sandbox blocks after more than 4 failed deliveries within 1 minute, so its webhooks are blocked much sooner.',
  );
});
