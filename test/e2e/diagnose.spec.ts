import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './harness/fixtures';
import { demoUrl, startDemo } from './harness/flows';

test('diagnose: the failing receiver shows each step with its duration, the verdict, the advice and the caveat', async ({
  harness,
}) => {
  const { page } = harness;
  const demo = await startDemo(harness);
  const url = demoUrl(harness, 'payouts');
  const host = new URL(url).host;
  await demo.getByRole('button', { name: `Open webhook ${url}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(url);

  const panel = page.getByTestId('diagnosis');
  await expect(panel.getByTestId('diagnosis-verdict')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Diagnose' }).click();

  // The sandbox's failing receiver is on loopback: a diagnosis the merchant asks for may reach it.
  await expect(panel.getByTestId('diagnosis-verdict')).toHaveText(`${host} answered HTTP 500`);
  const steps = panel.getByRole('list', { name: 'Diagnosis steps' }).getByRole('listitem');
  await expect(steps).toHaveText([
    /^✓\s*DNS lookup\s*\d+ ms/,
    new RegExp(`^✓\\s*Connection\\s*\\d+ ms\\s*connected to ${host}`),
    new RegExp(`^✗\\s*Test POST\\s*\\d+ ms\\s*${host} answered HTTP 500`),
  ]);
  const problems = panel.getByTestId('diagnosis-problem');
  await expect(problems).toHaveCount(1);
  await expect(problems).toHaveAttribute('data-code', 'http-5xx');
  await expect(problems).toContainText('check its logs for the error');
  await expect(panel.getByTestId('diagnosis-caveat')).toHaveText(/^Seen from this computer\./);
  await expect(panel.getByText('Diagnosis finished.')).toBeVisible();

  // The result panel, in both themes, has no accessibility violation (contrast of the verdict and marks).
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).include('[data-testid="diagnosis"]').analyze();
    expect(violations.map((v) => `${colorScheme} ${v.id}: ${v.help}`)).toEqual([]);
  }
});
