// The process layers of docs/ARCHITECTURE.md, enforced: each block says what one layer may not import.
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const electron = [
  { group: ['electron', 'electron/*'], message: 'Only main/shell and main/index.ts may use Electron.' },
];
const folder = (name, message) => ({
  group: [`**/main/${name}/**`, `../${name}/**`, `../../${name}/**`],
  message,
});

const MODULES =
  'activity|api|accounts|base|certificates|diagnosis|exporter|forecast|monitor|notifications|sandbox|storage';
// A feature module is used through its index.ts: its other files are its own business.
const entryOnly = (prefix) => ({
  regex: `${prefix}(${MODULES})/(?!index$)[^/]+$`,
  message: 'Import a main/core module through its public entry (the folder, i.e. its index.ts).',
});
const fromOutsideCore = entryOnly('(^|/)core/');
const fromSiblingModule = entryOnly('^\\.\\./');

/** `no-restricted-imports` with the given patterns (and Node built-ins when `noNode`). */
function restrict(patterns, { noNode = false } = {}) {
  const paths = noNode
    ? nodeBuiltins.map((name) => ({ name, message: 'main/common runs in every process: no Node.' }))
    : [];
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

export const layerRules = [
  {
    // Pure values and helpers every process may use, the window included.
    files: ['main/common/**/*.ts'],
    rules: {
      ...restrict(
        [
          ...electron,
          { group: ['../**', '**/renderer/**'], message: 'main/common imports only from main/common.' },
        ],
        { noNode: true },
      ),
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'window', 'document'].map(
          (name) => ({
            name,
            message: 'main/common runs in every process: no Node or DOM globals.',
          }),
        ),
      ],
    },
  },
  {
    // Plain Node: the CLI, the tests and the benchmarks run it without Electron.
    files: ['main/core/**/*.ts'],
    rules: restrict([
      ...electron,
      { group: ['**/renderer/**'], message: 'main/core must not depend on the renderer.' },
      folder('ipc', 'main/core must not depend on IPC.'),
      folder('shell', 'main/core must not depend on the Electron glue.'),
      folder('cli', 'main/core must not depend on the CLI.'),
      fromSiblingModule,
    ]),
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: restrict([
      ...electron,
      folder('ipc', 'The CLI uses main/core, not IPC.'),
      folder('shell', 'The CLI runs under Node: no Electron glue.'),
      fromOutsideCore,
    ]),
  },
  {
    files: ['main/ipc/**/*.ts'],
    rules: restrict([
      ...electron,
      folder('shell', 'IPC handlers are plain functions: Electron objects reach them through main/index.ts.'),
      folder('cli', 'IPC must not depend on the CLI.'),
      fromOutsideCore,
    ]),
  },
  {
    files: ['main/shell/**/*.ts'],
    rules: restrict([folder('cli', 'The Electron glue must not depend on the CLI.'), fromOutsideCore]),
  },
  {
    files: ['main/index.ts'],
    rules: restrict([fromOutsideCore]),
  },
  {
    // The sandboxed preload: only the contract's types and the channel names.
    files: ['main/preload/**/*.ts'],
    rules: restrict([
      {
        regex: '(^|/)(core|shell|cli)/',
        message: 'The preload may import only main/common and the IPC contract.',
      },
    ]),
  },
  {
    // The window imports values only from main/common, and types only from the IPC contract.
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: restrict([
      {
        regex: '(^|/)main/(?!ipc/contract(\\.ts)?$|common/)',
        message:
          'The renderer imports values only from main/common/, and types only from main/ipc/contract.ts.',
      },
      {
        group: ['**/main/ipc/contract', '**/main/ipc/contract.ts'],
        allowTypeImports: true,
        message: 'Only `import type` from the contract.',
      },
      { group: ['electron'], message: 'The renderer never sees Electron.' },
    ]),
  },
];
