/** Debian's Chromium (see TOOLCHAIN.md): Playwright downloads no browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Launch flags for every Playwright Chromium (e2e tests, benchmarks). Without the
 * background-networking flags Chromium keeps calling home, which on a closed network only slows
 * every run down.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
