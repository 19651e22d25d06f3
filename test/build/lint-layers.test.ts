import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd });

/** The messages of the layer rule for `code` as if it stood at `filePath` (nothing is written). */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('lint enforces the layers of docs/ARCHITECTURE.md', () => {
  it.each([
    ['main/common/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['main/common/x.ts', "import { join } from 'path';\nexport const a = join;\n"],
    ['main/common/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/common/x.ts', "import { sign } from '../core/api/signing';\nexport const a = sign;\n"],
    ['main/common/x.ts', 'export const a = process.platform;\n'],
    ['main/common/x.ts', 'export const a = document.title;\n'],
    ['main/core/api/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'main/core/api/x.ts',
      "import { createTray } from '../../shell/tray/tray';\nexport const a = createTray;\n",
    ],
    ['main/core/api/x.ts', "import { contract } from '../../ipc/contract';\nexport const a = contract;\n"],
    ['main/cli/x.ts', "import { Tray } from 'electron';\nexport const a = Tray;\n"],
    ['main/ipc/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    ['main/cli/x.ts', "import { sign } from '../core/api/signing';\nexport const a = sign;\n"],
    ['main/index.ts', "import { sign } from './core/api/signing';\nexport const a = sign;\n"],
    ['main/core/monitor/x.ts', "import { sign } from '../api/signing';\nexport const a = sign;\n"],
    ['main/preload/x.ts', "import { sign } from '../core/api/signing';\nexport const a = sign;\n"],
    [
      'renderer/src/lib/x.ts',
      "import { sign } from '../../../main/core/api/signing';\nexport const a = sign;\n",
    ],
    [
      'renderer/src/lib/x.ts',
      "import { contract } from '../../../main/ipc/contract';\nexport const a = contract;\n",
    ],
  ])('refuses in %s: %s', async (filePath, code) => {
    expect(await layerErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['main/common/x.ts', "import { channelKey } from './channel-key';\nexport const a = channelKey;\n"],
    ['main/core/api/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    [
      'main/core/api/x.ts',
      "import { isLoopbackHost } from '../../common/url-rules';\nexport const a = isLoopbackHost;\n",
    ],
    ['main/shell/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/cli/x.ts', "import { sign } from '../core/api';\nexport const a = sign;\n"],
    ['main/core/monitor/x.ts', "import { sign } from '../api';\nexport const a = sign;\n"],
    ['main/core/api/x.ts', "import { sign } from './signing';\nexport const a = sign;\n"],
    [
      'renderer/src/lib/x.ts',
      "import { isLoopbackHost } from '../../../main/common/url-rules';\nexport const a = isLoopbackHost;\n",
    ],
    [
      'renderer/src/lib/x.ts',
      "import type { ChannelView } from '../../../main/ipc/contract';\nexport type A = ChannelView;\n",
    ],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await layerErrors(filePath, code)).toEqual([]);
  });
});
