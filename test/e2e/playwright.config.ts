import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';

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
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1180, height: 820 },
    trace: 'retain-on-failure',
  },
});
