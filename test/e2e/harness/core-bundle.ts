import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type * as CoreEntry from './core-entry';

export type Core = typeof CoreEntry;

/**
 * Loads the real core and IPC handlers for the harness, bundled to CommonJS by vite as electron-vite
 * bundles main for the app. Playwright's own TypeScript loader cannot run core modules that use
 * ESM-only syntax such as `import.meta.url`, which the app's build handles. Dependencies stay
 * external and load from node_modules, so keytar is the real native module.
 */
export async function loadCore(outDir: string): Promise<Core> {
  const root = resolve(__dirname, '../../..');
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      ssr: resolve(__dirname, 'core-entry.ts'),
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'core.cjs' } },
    },
  });
  return createRequire(__filename)(join(outDir, 'core.cjs')) as Core;
}
