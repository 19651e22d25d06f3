import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './monitoring-tools';

const text = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The `apt-get install` commands of a file, without the flags that only quieten CI. */
function aptInstalls(source: string): string[] {
  return [...source.matchAll(/^apt-get install (.+)$/gm)].map((match) =>
    (match[1] ?? '')
      .replace(/\s*>\/dev\/null$/, '')
      .split(/\s+/)
      .filter((word) => word !== '-y' && word !== '-qq')
      .join(' '),
  );
}

// README tells developers what .ci/run installs: the two lists must not drift apart.
describe('the Debian packages', () => {
  it('are the same in README.md and .ci/run, Prometheus and Alertmanager without recommends', () => {
    const ci = aptInstalls(text('.ci/run'));
    expect(ci).toContain('--no-install-recommends prometheus prometheus-alertmanager');
    expect(aptInstalls(text('README.md'))).toEqual(ci);
  });

  it('include every tool the monitoring tests run, checked by .ci/run after installing', () => {
    const checked = /^for tool in ([^;]+); do$/m.exec(text('.ci/run').replace(/\\\n\s*/g, ''))?.[1] ?? '';
    expect(checked.split(/\s+/)).toEqual(
      expect.arrayContaining(['prometheus', 'promtool', 'prometheus-alertmanager', 'amtool']),
    );
  });
});
