/**
 * Every CLI command but `exporter` starts without the exporter's libraries: a monitoring check runs
 * `status` each minute, and loading prom-client and yaml for it would be paid on every run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const OUT = join(__dirname, '..', '..', 'out', 'main');
const EXPORTER_ONLY = ['prom-client', 'yaml'];
const requires = (text: string, name: string) => text.includes(`require("${name}")`);

describe('the built CLI', () => {
  it('loads prom-client and yaml only in the chunk the exporter command imports when it runs', () => {
    const entry = readFileSync(join(OUT, 'cli.js'), 'utf8');
    for (const name of EXPORTER_ONLY) expect(requires(entry, name), `cli.js requires ${name}`).toBe(false);
    const chunks = readdirSync(join(OUT, 'chunks')).map((file) =>
      readFileSync(join(OUT, 'chunks', file), 'utf8'),
    );
    const lazy = chunks.filter((text) => EXPORTER_ONLY.every((name) => requires(text, name)));
    expect(lazy).toHaveLength(1);
    expect(entry).toMatch(
      /import\("\.\/chunks\/exporter-[\w-]+\.js"\)|require\("\.\/chunks\/exporter-[\w-]+\.js"\)/,
    );
  });
});
