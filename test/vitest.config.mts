import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Node suites of `npm test`: core (real HTTP, real keychain), the CLI as a subprocess, and the
// Electron glue against a stand-in `electron` module. Run under test/with-keyring.sh.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'test/core/**/*.test.ts',
      'test/main/**/*.test.ts',
      'test/cli/**/*.test.ts',
      'test/build/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
