import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// ESM-only dependencies are bundled into the CommonJS main build; everything else
// (notably the native keytar module) stays external and is loaded from node_modules.
const bundledEsm = ['conf', '@inquirer/password'];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: bundledEsm },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/index.ts'),
          cli: resolve(__dirname, 'main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'main/preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [svelte({ configFile: resolve(__dirname, 'renderer/svelte.config.mjs') })],
    build: {
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html') },
      },
    },
  },
});
