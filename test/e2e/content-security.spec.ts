import { expect, test } from './harness/fixtures';
import { checkNow, startDemo } from './harness/flows';

declare global {
  interface Window {
    __wtCspViolations: string[];
  }
}

test('the window runs under its strict CSP and no screen violates it', async ({ harness }) => {
  const { page } = harness;
  await page.addInitScript(() => {
    window.__wtCspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__wtCspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`),
    );
  });
  const demo = await startDemo(harness);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("style-src 'self'");

  await harness.sandbox().control.deliverNow();
  await checkNow(demo);
  await demo.getByRole('button', { name: /Open webhook .*payouts/ }).click();
  await page.getByRole('button', { name: 'Edit URL and events' }).click();
  await page.getByRole('button', { name: 'Reveal' }).click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const screen of ['Activity', 'Accounts', 'Settings', 'Dashboard']) {
    await nav.getByRole('button', { name: screen }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(screen);
  }
  expect(await page.evaluate(() => window.__wtCspViolations)).toEqual([]);

  // The control: an inline style attribute is refused and reported, so the empty list above means something.
  await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
  await expect.poll(() => page.evaluate(() => window.__wtCspViolations.length)).toBeGreaterThan(0);
  harness.ignoreConsoleErrors(/Content Security Policy/);
});
