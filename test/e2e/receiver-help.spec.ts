import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './harness/fixtures';
import { demoUrl, startDemo } from './harness/flows';

const example = (file: string): string =>
  readFileSync(resolve(__dirname, '../../renderer/src/receiver-examples', file), 'utf8');

test('channel: the receiver help shows each tested example and copies it, never a secret', async ({
  harness,
}) => {
  const { page } = harness;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const demo = await startDemo(harness);
  const url = demoUrl(harness, 'payouts');
  await demo.getByRole('button', { name: `Open webhook ${url}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(url);

  const help = page.getByTestId('receiver-help');
  await help.getByText("Verify Calypso's signature in your receiver").click();
  await expect(help).toContainText('HMAC-SHA512');
  for (const [label, file] of [
    ['Node.js', 'verify-node.mjs'],
    ['Python', 'verify-python.py'],
    ['PHP', 'verify-php.php'],
  ] as const) {
    await help.getByRole('tab', { name: label }).click();
    await expect(help.getByRole('tab', { name: label })).toHaveAttribute('aria-selected', 'true');
    await expect(help.getByTestId('receiver-example-code')).toHaveText(example(file));
    await help.getByRole('button', { name: `Copy the ${label} example` }).click();
    await expect(help.getByRole('status')).toHaveText(`${label} example copied.`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(example(file));
  }
  const secret = harness
    .sandbox()
    .control.subscriptions()
    .find((s) => s.url === url)!.secretKey;
  await expect(page.locator('body')).not.toContainText(secret);
});
