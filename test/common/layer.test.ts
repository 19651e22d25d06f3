import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const COMMON = join(__dirname, '../../main/common');

/** Every module specifier a file imports or re-exports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g))
    found.push(match[1]!);
  for (const match of source.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  for (const match of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push(match[1]!);
  return found;
}

describe('main/common', () => {
  it('imports only its own files: no Node, no DOM library, no Electron, nothing of main/', () => {
    const files = readdirSync(COMMON).filter((name) => name.endsWith('.ts'));
    expect(files).toContain('event.ts');
    for (const file of files) {
      for (const specifier of specifiers(readFileSync(join(COMMON, file), 'utf8'))) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[a-z0-9-]+$/);
      }
    }
  });

  it('the check sees the imports it must refuse', () => {
    expect(specifiers("import { hash } from 'node:crypto';\nimport type { X } from '../core/x';")).toEqual([
      'node:crypto',
      '../core/x',
    ]);
    expect(specifiers("export { a } from 'electron';\nconst m = import('fs');\nimport 'side';")).toEqual([
      'electron',
      'fs',
      'side',
    ]);
  });
});
