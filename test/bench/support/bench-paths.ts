import { resolve } from 'node:path';

/** Where benchmarks put what they build and write; ignored by git, lint and prettier. */
export const BENCH_OUT_DIR = resolve(__dirname, '../../../test-results/bench');

/**
 * The electron-vite build under measurement: `out` by default; BENCH_BUILD_DIR points at another
 * one (e.g. made with `electron-vite build --outDir <absolute path>`, so a run leaves the shared `out` alone).
 */
export const BUILD_DIR = resolve(process.env.BENCH_BUILD_DIR ?? resolve(__dirname, '../../../out'));
