import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run bench`: the benchmarks, one file at a time, each in a fresh process with gc exposed.
// They print tables and assert nothing about time; `npm test` never includes them.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/bench/**/*.bench-run.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    isolate: true,
    execArgv: ['--expose-gc'],
    testTimeout: 5 * 60_000,
    hookTimeout: 60_000,
    disableConsoleIntercept: true,
    reporters: ['default'],
  },
});
