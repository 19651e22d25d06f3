import { describe, expect, it } from 'vitest';
import { runTool } from './monitoring-tools';

// The shipped rules, checked and unit-tested by Prometheus's own tool (paths relative to the repo root).
describe('docs/monitoring/alerts.yml', () => {
  it('passes promtool check rules', async () => {
    const result = await runTool('promtool', ['check', 'rules', 'docs/monitoring/alerts.yml']);
    expect(result.output).toContain('SUCCESS: 6 rules found');
    expect(result.code, result.output).toBe(0);
  });

  it('passes its unit tests (promtool test rules test/monitoring/alerts.test.yml)', async () => {
    const result = await runTool('promtool', ['test', 'rules', 'test/monitoring/alerts.test.yml']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });
});
