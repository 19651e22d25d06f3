import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { CSP_META_PLACEHOLDER, CSP_META_POLICY } from './main/common/content-security-policy';

// ESM-only dependencies are bundled into the CommonJS main build; everything else
// (notably the native keytar module) stays external and is loaded from node_modules.
const bundledEsm = ['conf', '@inquirer/password'];

/** Writes the one CSP into the page's meta tag; a page without the placeholder fails the build. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'webhook-tray-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(CSP_META_PLACEHOLDER)) {
          throw new Error(`renderer/index.html must carry ${CSP_META_PLACEHOLDER} in its CSP meta tag`);
        }
        return html.replaceAll(CSP_META_PLACEHOLDER, CSP_META_POLICY);
      },
    },
  };
}

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
    plugins: [
      contentSecurityPolicy(),
      svelte({ configFile: resolve(__dirname, 'renderer/svelte.config.mjs') }),
    ],
    build: {
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html') },
      },
    },
  },
});
