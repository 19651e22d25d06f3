import { resolve } from 'node:path';
import { build } from 'vite';

let cached: Promise<string> | null = null;

/** The in-page bridge (page-bridge.ts and the preload's createBridge) as one classic script. */
export function bridgeScript(): Promise<string> {
  cached ??= (async () => {
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: false,
        lib: { entry: resolve(__dirname, 'page-bridge.ts'), formats: ['iife'], name: 'webhookTrayHarness' },
      },
    });
    const first = Array.isArray(output) ? output[0] : output;
    if (!first || !('output' in first)) throw new Error('bridge-bundle: vite returned no output');
    const chunk = first.output.find((item) => item.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('bridge-bundle: no chunk in vite output');
    return chunk.code;
  })();
  return cached;
}
