/**
 * `list` as a person and a script see it: `health` in every --json item, a table that fits the
 * terminal (COLUMNS, or a real pseudo-terminal), `--wide` for everything, and health in colour on a
 * terminal only (never with NO_COLOR, never when piped).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../main/core/api/channel';
import type { RunningSandbox } from '../../main/core/sandbox';
import { json, onTerminal, runCli, type CliRunOptions, startCliSandbox } from './cli-harness';

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => ({ sandbox, env } = await startCliSandbox()));

afterAll(() => sandbox.close());

const LONG_URL = `https://shop.example/hooks/${'very-long-path-segment/'.repeat(6)}end`;
let ids: Record<'healthy' | 'failing' | 'blocked' | 'disabled', string>;

beforeEach(() => {
  for (const subscription of sandbox.control.subscriptions()) {
    sandbox.control.forceFields(subscription.requestId, { enabled: false });
  }
  const add = (url: string) =>
    sandbox.control.addSubscription({ url, notificationEventTypes: ['INVOICE_PAID'] }).requestId;
  const fresh = {
    healthy: add(LONG_URL),
    failing: add('https://shop.example/failing'),
    blocked: add('https://shop.example/blocked'),
    disabled: add('https://shop.example/disabled'),
  };
  sandbox.control.forceFields(fresh.failing, { errorCount: 4, errorLastDate: '2024-05-01T10:00:00.000Z' });
  sandbox.control.forceFields(fresh.blocked, { errorCount: 101, blockedByErrorCount: true });
  sandbox.control.forceFields(fresh.disabled, { enabled: false });
  ids = fresh;
});

function cli(args: string[], options: CliRunOptions = {}) {
  return runCli(args, { ...options, env: { ...env, ...options.env } });
}

/** The table row of a subscription, its escape characters shown as `ESC` so patterns can name them. */
function rowOf(table: string, requestId: string): string {
  const row = table.split(/\r?\n/).find((line) => line.includes(requestId)) ?? '';
  return row.replaceAll('\x1b', 'ESC');
}

describe('list --json', () => {
  it('carries each subscription health, as status --json does', async () => {
    const { subscriptions } = json<{ subscriptions: (Channel & { health: string })[] }>(
      await cli(['list', '--json']),
    );
    const healthOf = (id: string) => subscriptions.find((s) => s.requestId === id)?.health;
    expect(healthOf(ids.healthy)).toBe('healthy');
    expect(healthOf(ids.failing)).toBe('failing');
    expect(healthOf(ids.blocked)).toBe('blocked');
    expect(healthOf(ids.disabled)).toBe('disabled');
    // The fields scripts already read are all still there.
    expect(subscriptions.find((s) => s.requestId === ids.failing)).toMatchObject({
      url: 'https://shop.example/failing',
      errorCount: 4,
      enabled: true,
      blockedByErrorCount: false,
      secretKey: expect.stringMatching(/^•{8}.{4}$/),
    });
  });
});

describe('the list table', () => {
  it('fits COLUMNS: the URL is cut with an ellipsis, the request id kept whole', async () => {
    const result = await cli(['list'], { env: { COLUMNS: '100' } });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
    const row = rowOf(result.stdout, ids.healthy);
    expect(row).toContain(ids.healthy);
    expect(row).toMatch(/https:\/\/shop\.example\/hooks\/\S*…$/);
    expect(row).not.toContain(LONG_URL);
    // Short URLs that fit stay whole.
    expect(rowOf(result.stdout, ids.failing)).toMatch(/https:\/\/shop\.example\/failing$/);
  });

  it('without a terminal width (piped, no COLUMNS) nothing is cut', async () => {
    const result = await cli(['list']);
    expect(result.stdout.split('\n')[0]).toMatch(/^HEALTH\s+ERRORS\s+REQUEST ID\s+SECRET KEY\s+URL$/);
    expect(rowOf(result.stdout, ids.healthy)).toContain(LONG_URL);
    expect(rowOf(result.stdout, ids.failing)).toMatch(/^failing\s+4 \(last 2024-05-01T10:00:00.000Z\)/);
  });

  it('--wide shows everything, whatever the width: events, services, whole URLs', async () => {
    const result = await cli(['list', '--wide'], { env: { COLUMNS: '80' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^HEALTH\s+ERRORS\s+REQUEST ID\s+SECRET KEY\s+EVENTS\s+SERVICES\s+URL$/,
    );
    const row = rowOf(result.stdout, ids.healthy);
    expect(row).toContain(LONG_URL);
    expect(row).toMatch(/INVOICE_PAID\s+-\s+https:/);
    expect(rowOf(result.stdout, ids.failing)).toContain('4 (last 2024-05-01T10:00:00.000Z)');
  });

  it('colours the health word on a terminal, and fits the table there too', async () => {
    const { code, screen } = await onTerminal(['list'], { ...env, COLUMNS: '100' });
    expect(code, screen).toBe(0);
    expect(rowOf(screen, ids.healthy)).toMatch(/^ESC\[32mhealthyESC\[39m\s/);
    expect(rowOf(screen, ids.failing)).toMatch(/^ESC\[33mfailingESC\[39m\s/);
    expect(rowOf(screen, ids.blocked)).toMatch(/^ESC\[31mESC\[1mblockedESC\[22mESC\[39m\s/);
    expect(rowOf(screen, ids.disabled)).toMatch(/^ESC\[90mdisabledESC\[39m\s/);
    expect(rowOf(screen, ids.healthy)).toMatch(/…$/);
    // The colour codes take no room: the columns after the health word stay aligned.
    const plain = (line: string) => line.replace(/ESC\[\d+m/g, '');
    const urlAt = (id: string) => plain(rowOf(screen, id)).indexOf('https://');
    expect(urlAt(ids.healthy)).toBe(urlAt(ids.blocked));
  });

  it('has no colour with NO_COLOR on a terminal, nor when piped', async () => {
    const noColour = await onTerminal(['list'], { ...env, NO_COLOR: '1' });
    expect(noColour.code, noColour.screen).toBe(0);
    expect(rowOf(noColour.screen, ids.healthy)).toMatch(/^healthy\s/);
    expect(noColour.screen).not.toContain('\x1b[');

    const piped = await cli(['list']);
    expect(piped.stdout).toContain('healthy');
    expect(piped.stdout).not.toContain('\x1b[');

    // FORCE_COLOR asks for colour through a pipe (as for a pager); NO_COLOR still wins.
    const forced = await cli(['list'], { env: { FORCE_COLOR: '1' } });
    expect(rowOf(forced.stdout, ids.healthy)).toMatch(/^ESC\[32mhealthy/);
    const both = await cli(['list'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(both.stdout).not.toContain('\x1b[');
  });
});
