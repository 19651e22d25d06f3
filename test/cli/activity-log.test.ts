/**
 * The built CLI records its own changes in the activity log the app reads (activity.json in the
 * config folder): regenerate-keys and change --url/--enable/--disable, never a secret.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openActivityLog } from '../../main/core/activity';
import type { RunningSandbox } from '../../main/core/sandbox';
import { requireKeyring } from '../core/accounts/keyring';
import {
  isolatedConfigDir,
  profileAddArgs,
  runCli,
  startCliSandbox,
  type CliRunOptions,
} from './cli-harness';

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  ({ sandbox, env } = await startCliSandbox());
});
afterAll(async () => {
  await sandbox?.close();
});

function cli(args: string[], options: CliRunOptions = {}) {
  return runCli(args, { ...options, env: { ...env, ...options.env } });
}

/** A webhook added straight into the sandbox (no CLI run needed to set it up). */
function addWebhook() {
  return sandbox.control.addSubscription({
    url: sandbox.control.receiverUrl('ok'),
    account: sandbox.credentials.account,
    notificationEventTypes: ['INVOICE_PAID'],
  });
}

function activityFile(dir: string): string {
  return readFileSync(join(dir, 'activity.json'), 'utf8');
}

function entries(dir: string): Record<string, unknown>[] {
  return (JSON.parse(activityFile(dir)) as { entries: Record<string, unknown>[] }).entries;
}

/** Neither API secret nor any webhook secret (read from the sandbox) is in the file. */
function expectNoSecret(text: string): void {
  expect(text).not.toContain(sandbox.credentials.apiSecret);
  for (const { secretKey } of sandbox.control.subscriptions()) expect(text).not.toContain(secretKey);
}

describe('the CLI records its changes in the activity log', () => {
  it('regenerate-keys on environment credentials: one account-wide entry, no secret', async () => {
    addWebhook();
    const before = Date.now();
    const result = await cli(['regenerate-keys', '--yes', '--show-secrets', '--json']);
    expect(result.code, result.stderr).toBe(0);

    const [entry, ...more] = entries(env.WEBHOOK_TRAY_CONFIG_DIR!);
    expect(more).toEqual([]);
    expect(entry).toEqual({
      at: expect.any(String),
      profileId: 'environment',
      account: sandbox.credentials.account,
      apiHost: new URL(sandbox.url).host,
      requestId: null,
      action: 'keys-regenerated',
      by: 'cli',
    });
    expect(Date.parse(entry!.at as string)).toBeGreaterThanOrEqual(before - 1_000);
    expectNoSecret(activityFile(env.WEBHOOK_TRAY_CONFIG_DIR!));
  });

  it('change --url then --disable and --enable: the new URL and each state, for that webhook', async () => {
    const dir = isolatedConfigDir();
    const { requestId } = addWebhook();
    const next = sandbox.control.switchUrl('moved');
    const options = { env: { WEBHOOK_TRAY_CONFIG_DIR: dir } };
    expect((await cli(['change', '--id', requestId, '--url', next], options)).code).toBe(0);
    expect((await cli(['change', '--id', requestId, '--disable'], options)).code).toBe(0);
    expect((await cli(['change', '--id', requestId, '--enable'], options)).code).toBe(0);
    // A change of the event list alone is not an action the log keeps.
    expect((await cli(['change', '--id', requestId, '--event', 'INVOICE_PAID'], options)).code).toBe(0);

    expect(entries(dir).map((e) => [e.requestId, e.action, e.url, e.by])).toEqual([
      [requestId, 'url-changed', next, 'cli'],
      [requestId, 'disabled', undefined, 'cli'],
      [requestId, 'enabled', undefined, 'cli'],
    ]);
    expectNoSecret(activityFile(dir));
  });

  it('with --profile NAME the entry carries the profile id the app looks it up by', async () => {
    requireKeyring();
    const dir = isolatedConfigDir();
    const options = { env: { WEBHOOK_TRAY_CONFIG_DIR: dir } };
    const added = await cli(profileAddArgs(sandbox, 'Shop EU'), {
      ...options,
      input: sandbox.credentials.apiSecret,
    });
    expect(added.code, added.stderr).toBe(0);
    try {
      const result = await cli(['--profile', 'Shop EU', 'regenerate-keys', '--yes'], options);
      expect(result.code, result.stderr).toBe(0);
      // What the app reads for any webhook of that profile.
      const seen = await openActivityLog({ dir }).entriesFor({
        profileId: 'shop-eu',
        account: sandbox.credentials.account,
        apiHost: new URL(sandbox.url).host,
        requestId: sandbox.control.subscriptions()[0]!.requestId,
      });
      expect(seen.map((e) => [e.profileId, e.action, e.by])).toEqual([
        ['shop-eu', 'keys-regenerated', 'cli'],
      ]);
    } finally {
      await cli(['profile', 'remove', 'Shop EU', '--yes'], options);
    }
  });

  it('a log that cannot be written is a warning: the change is made and the command succeeds', async () => {
    const dir = isolatedConfigDir();
    mkdirSync(join(dir, 'activity.json'));
    const { requestId } = addWebhook();
    const result = await cli(['change', '--id', requestId, '--disable'], {
      env: { WEBHOOK_TRAY_CONFIG_DIR: dir },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(sandbox.control.subscriptions().find((s) => s.requestId === requestId)?.enabled).toBe(false);
    expect(result.stderr).toMatch(
      /could not record disabled in .*activity\.json.*\(the change itself was made\)/,
    );
  });

  it('status names a regeneration made here on the line of a webhook that began failing after it', async () => {
    const dir = isolatedConfigDir();
    expect((await cli(['regenerate-keys', '--yes'], { env: { WEBHOOK_TRAY_CONFIG_DIR: dir } })).code).toBe(0);
    const failing = sandbox.control.addSubscription({
      url: sandbox.control.receiverUrl('fail'),
      account: sandbox.credentials.account,
      notificationEventTypes: ['INVOICE_PAID'],
    });
    await sandbox.control.deliverNow();

    const lineOf = (stdout: string) => stdout.split('\n').find((line) => line.includes(failing.requestId));
    const result = await cli(['status'], { env: { WEBHOOK_TRAY_CONFIG_DIR: dir } });
    expect(lineOf(result.stdout)).toContain(
      'Failures began less than a minute after the keys were regenerated: your receiver probably still verifies with the old secret key.',
    );
    // Another config folder holds no such change: the same webhook's line names no cause.
    const elsewhere = await cli(['status'], { env: { WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir() } });
    expect(lineOf(elsewhere.stdout)).toMatch(/^failing: /);
    expect(lineOf(elsewhere.stdout)).not.toContain('Failures began');
  });
});
