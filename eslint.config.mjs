import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      '**/node_modules/**',
      '**/test-results/**',
      '**/playwright-report/**',
      'coverage/**',
      '.bench/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    // The core runs under plain Node (CLI, tests, benchmarks): no Electron, no DOM.
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'main/core must not depend on Electron; add an adapter in main/.' },
          ],
          patterns: [
            { group: ['electron/*'], message: 'main/core must not depend on Electron.' },
            { group: ['**/renderer/**'], message: 'main/core must not depend on the renderer.' },
            {
              group: ['../ipc/**', '../../ipc/**', '**/main/ipc/**'],
              message: 'main/core must not depend on IPC.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The CLI runs under Node: no Electron.' }] },
      ],
    },
  },
  {
    // The renderer may only take types from main/: its values never cross the process boundary.
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)main/(?!ipc/contract(\\.ts)?$)',
              message: 'The renderer imports only types, and only from main/ipc/contract.ts.',
            },
            {
              group: ['**/main/ipc/contract', '**/main/ipc/contract.ts'],
              allowTypeImports: true,
              message: 'Only `import type` from the contract.',
            },
            { group: ['electron'], message: 'The renderer never sees Electron.' },
          ],
        },
      ],
    },
  },
);
