import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright downloads no browser here. Without the background-networking
// flags Chromium keeps calling home, which on a closed network only slows every test down.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // The docs screenshots are written by `npm run screenshots`, never by `npm test`.
  testIgnore: process.env.WT_SCREENSHOTS ? [] : ['**/screenshots.spec.ts'],
  outputDir: '../../test-results/e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1180, height: 820 },
    trace: 'retain-on-failure',
  },
});
