/**
 * `--help` of every command: a short Examples section, defaults in the flag's own unit, and the
 * commands listed before the options.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from './cli-harness';

beforeAll(requireBuiltCli);

const help = async (args: string[]) => {
  const result = await runCli([...args, '--help']);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
};

const COMMANDS = [
  [],
  ['list'],
  ['status'],
  ['watch'],
  ['exporter'],
  ['create'],
  ['change'],
  ['delete'],
  ['regenerate-keys'],
  ['sandbox'],
  ['profile'],
  ['profile', 'add'],
  ['profile', 'list'],
  ['profile', 'remove'],
  ['profile', 'test'],
];

describe('--help', () => {
  it.each(COMMANDS.map((command) => ({ name: command.join(' ') || 'webhook-tray', command })))(
    'of $name ends with examples of that command',
    async ({ command }) => {
      const text = await help(command);
      const examples = text.slice(text.indexOf('\nExamples:\n'));
      expect(examples, text).toMatch(/^\nExamples:\n {2}\$ webhook-tray /);
      for (const word of command) expect(examples).toContain(` ${word}`);
    },
  );

  it('lists the commands before the options', async () => {
    const root = await help([]);
    expect(root.indexOf('Commands:')).toBeGreaterThan(0);
    expect(root.indexOf('Commands:')).toBeLessThan(root.indexOf('Options:'));
    const profile = await help(['profile']);
    expect(profile.indexOf('Commands:')).toBeGreaterThan(0);
    expect(profile.indexOf('Commands:')).toBeLessThan(profile.indexOf('Options:'));
    expect(profile.indexOf('Options:')).toBeLessThan(profile.indexOf('Global Options:'));
  });

  it('gives each default once, in the unit of its flag', async () => {
    const watch = (await help(['watch'])).replace(/\s+/g, ' ');
    expect(watch).toMatch(
      /--interval <seconds> poll interval while every webhook is healthy \(default: 60\)/,
    );
    expect(watch).toMatch(
      /--fast-interval <seconds> poll interval while a webhook is failing \(default: 15\)/,
    );
    expect(watch).not.toMatch(/60000|15000|default 60|default 15\)/);
    expect(watch.match(/default/g)).toHaveLength(3); // interval, fast interval, --timeout
    expect(watch).toContain('--timeout <seconds> API request timeout in seconds (default: 15)');
  });
});
