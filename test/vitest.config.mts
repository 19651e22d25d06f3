import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Node suites of `npm test`: core (real HTTP, real keychain), the CLI as a subprocess, and the
// Electron glue against a stand-in `electron` module. Run under test/with-keyring.sh.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'test/build/**/*.test.ts',
      'test/common/**/*.test.ts',
      'test/core/**/*.test.ts',
      'test/main/**/*.test.ts',
      'test/cli/**/*.test.ts',
      'test/monitoring/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most suites wait on subprocesses, sockets and timers, not the CPU: three files at once on two cores.
    maxWorkers: 3,
    reporters: ['default'],
  },
});
