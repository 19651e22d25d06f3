/**
 * `profile add|list|remove|test` and `--profile` with the real keychain (run under test/with-keyring.sh),
 * the built CLI against the sandbox, each test in its own config folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../main/core/accounts/types';
import type { Channel } from '../../main/core/api/channel';
import { filesContaining, secretToolLookup, uniqueName } from '../core/accounts/keyring';
import {
  isolatedConfigDir,
  json,
  profileAddArgs,
  runCli,
  useSharedSandbox,
  type CliRunOptions,
} from './cli-harness';

const sandbox = useSharedSandbox();

/** A CLI bound to one isolated config folder, with no credentials in its environment. */
function cliIn(configDir: string) {
  return (args: string[], options: CliRunOptions = {}) =>
    runCli(args, { ...options, env: { WEBHOOK_TRAY_CONFIG_DIR: configDir, ...options.env } });
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

describe('profile commands', () => {
  it('add stores the secret in the keychain only; list shows the profile, never the secret', async () => {
    const dir = isolatedConfigDir();
    const cli = cliIn(dir);
    const name = uniqueName('Live Shop');
    const added = await cli([...profileAddArgs(sandbox(), name), '--json'], {
      input: `${sandbox().credentials.apiSecret}\n`,
    });
    expect(added.code, added.stderr).toBe(0);
    const { profile } = json<{ profile: Profile }>(added);
    expect(profile).toMatchObject({
      id: slug(name),
      name,
      baseUrl: sandbox().url,
      account: sandbox().credentials.account,
    });
    expect(Object.keys(profile).sort()).toEqual([
      'account',
      'apiKey',
      'baseUrl',
      'createdAt',
      'id',
      'name',
      'updatedAt',
    ]);
    // The trailing newline of the piped input is not part of the secret.
    expect(secretToolLookup(profile.id)).toBe(sandbox().credentials.apiSecret);
    expect(filesContaining(dir, sandbox().credentials.apiSecret)).toEqual([]);

    const listedJson = await cli(['profile', 'list', '--json']);
    expect(json<{ profiles: Profile[] }>(listedJson)).toEqual({ profiles: [profile] });
    const listed = await cli(['profile', 'list']);
    expect(listed.stdout).toMatch(/^NAME\s+ID\s+ACCOUNT\s+BASE URL\n/);
    expect(listed.stdout).toContain(name);
    expect(listed.stdout + listed.stderr + listedJson.stdout).not.toContain(sandbox().credentials.apiSecret);

    sandbox().control.clearRequests();
    const duplicate = await cli(profileAddArgs(sandbox(), name.toUpperCase()), { input: 'x' });
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('already exists');
    // Refused before the connection test: nothing was sent.
    expect(sandbox().control.requests()).toEqual([]);

    expect((await cli(['profile', 'remove', profile.id, '--yes'])).code).toBe(0);
  });

  it('add tests the connection before saving: refused credentials exit 3 and save nothing; --no-verify skips the test', async () => {
    const dir = isolatedConfigDir();
    const cli = cliIn(dir);
    const name = uniqueName('Tested');
    sandbox().control.clearRequests();
    const listCalls = () =>
      sandbox()
        .control.requests()
        .filter((r) => r.path === '/api/v1/subscription/webhook');

    const refused = await cli([...profileAddArgs(sandbox(), name), '--json'], { input: 'not-the-secret' });
    expect(refused.code).toBe(3);
    const { error } = json<{ error: { kind: string; message: string } }>(refused);
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Calypso rejected the credentials');
    expect(error.message).toContain('(--api-key and the API secret given to `profile add`)');
    expect(error.message).toContain(
      'The profile was not saved; to save it without testing the connection, pass --no-verify.',
    );
    expect(listCalls()).toHaveLength(1);
    expect(json<{ profiles: Profile[] }>(await cli(['profile', 'list', '--json'])).profiles).toEqual([]);
    expect(secretToolLookup(slug(name))).toBeNull();

    const unreachable = await cli(
      profileAddArgs(sandbox(), name).map((a) => (a === sandbox().url ? 'http://127.0.0.1:9' : a)),
      { input: sandbox().credentials.apiSecret },
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('the base URL (--base-url given to `profile add`)');
    expect(secretToolLookup(slug(name))).toBeNull();

    const tested = await cli(profileAddArgs(sandbox(), name), { input: sandbox().credentials.apiSecret });
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stderr).toMatch(/Connection tested: \d+ subscriptions? at /);
    expect(listCalls()).toHaveLength(2);
    expect(secretToolLookup(slug(name))).toBe(sandbox().credentials.apiSecret);

    const other = uniqueName('Untested');
    const unverified = await cli([...profileAddArgs(sandbox(), other), '--no-verify'], {
      input: 'not-the-secret',
    });
    expect(unverified.code, unverified.stderr).toBe(0);
    expect(unverified.stderr).not.toContain('Connection tested');
    expect(listCalls()).toHaveLength(2);
    for (const added of [name, other]) await cli(['profile', 'remove', added, '--yes']);
  });

  it('add without a terminal and without --secret-stdin exits 2; invalid input exits 2; nothing is stored', async () => {
    const dir = isolatedConfigDir();
    const cli = cliIn(dir);
    const name = uniqueName('No Tty');
    const noSecret = await cli(profileAddArgs(sandbox(), name).filter((a) => a !== '--secret-stdin'));
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('--secret-stdin');
    const badUrl = await cli(
      profileAddArgs(sandbox(), name).map((a) => (a === sandbox().url ? 'http://calypso.example' : a)),
      { input: 's' },
    );
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('plain http');
    const emptySecret = await cli(profileAddArgs(sandbox(), name), { input: '\n' });
    expect(emptySecret.code).toBe(2);
    expect(emptySecret.stderr).toContain('API secret must not be empty');
    const missing = await cli(['profile', 'add', '--name', name, '--secret-stdin'], { input: 's' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--base-url');
    expect(json<{ profiles: Profile[] }>(await cli(['profile', 'list', '--json'])).profiles).toEqual([]);
    expect(secretToolLookup(slug(name))).toBeNull();
  });

  it('--profile NAME runs an API command with the keychain secret, ignoring the environment', async () => {
    const dir = isolatedConfigDir();
    const cli = cliIn(dir);
    const name = uniqueName('Sandbox');
    expect(
      (await cli(profileAddArgs(sandbox(), name), { input: sandbox().credentials.apiSecret })).code,
    ).toBe(0);
    sandbox().control.clearRequests();

    const listed = await cli(['--profile', name, 'list', '--json'], {
      // Wrong environment credentials must not be used when --profile is given.
      env: {
        WEBHOOK_TRAY_API_KEY: 'env-key',
        WEBHOOK_TRAY_API_SECRET: 'env-secret',
        WEBHOOK_TRAY_ACCOUNT: '0xenv',
      },
    });
    expect(listed.code, listed.stderr).toBe(0);
    expect(json<{ subscriptions: Channel[] }>(listed)).toHaveProperty('subscriptions');
    const sent = sandbox()
      .control.requests()
      .filter((r) => r.path.startsWith('/api/'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.key).toBe(sandbox().credentials.apiKey);
    expect(JSON.parse(sent[0]!.body).account).toBe(sandbox().credentials.account);

    const created = await cli([
      'create',
      '--profile',
      name,
      '--url',
      'https://shop.example/p',
      '--service',
      'INVOICE',
    ]);
    expect(created.code, created.stderr).toBe(0);

    const unknown = await cli(['--profile', 'nope', 'list']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`No profile named "nope". Known profiles: ${name}.`);
    const mixed = await cli(['--profile', name, '--account', '0x1', 'list']);
    expect(mixed.code).toBe(2);

    await cli(['profile', 'remove', name, '--yes']);
  });

  it('test exits 0 with one signed list call, and 3 with an auth message for a wrong secret', async () => {
    const dir = isolatedConfigDir();
    const cli = cliIn(dir);
    const good = uniqueName('Good');
    const bad = uniqueName('Bad');
    await cli(profileAddArgs(sandbox(), good), { input: sandbox().credentials.apiSecret });
    await cli([...profileAddArgs(sandbox(), bad), '--no-verify'], { input: 'definitely-not-the-secret' });
    sandbox().control.clearRequests();

    const ok = await cli(['profile', 'test', good, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(json(ok)).toEqual({
      profile: slug(good),
      subscriptions: expect.any(Number),
      clockOffsetMs: expect.any(Number),
    });
    expect(
      sandbox()
        .control.requests()
        .filter((r) => r.path === '/api/v1/subscription/webhook'),
    ).toHaveLength(1);
    expect((await cli(['profile', 'test', good])).stdout).toContain(`Profile "${good}" works`);

    const refused = await cli(['profile', 'test', bad]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Calypso rejected the credentials');
    const refusedJson = await cli(['profile', 'test', bad, '--json']);
    expect(json(refusedJson)).toMatchObject({ error: { kind: 'auth', status: 401 } });

    expect((await cli(['profile', 'test', 'nope'])).code).toBe(2);
    for (const name of [good, bad]) await cli(['profile', 'remove', name, '--yes']);
  });

  it('remove asks first (exit 2 without a terminal or --yes), then deletes the profile and its secret', async () => {
    const dir = isolatedConfigDir();
    const cli = cliIn(dir);
    const name = uniqueName('Old');
    await cli([...profileAddArgs(sandbox(), name), '--no-verify'], { input: 'secret-to-remove' });
    const refused = await cli(['profile', 'remove', name]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(secretToolLookup(slug(name))).toBe('secret-to-remove');

    const removed = await cli(['profile', 'remove', name, '--yes', '--json']);
    expect(removed.code).toBe(0);
    expect(json(removed)).toEqual({ removed: slug(name), secretKept: false });
    expect(secretToolLookup(slug(name))).toBeNull();
    expect(json<{ profiles: Profile[] }>(await cli(['profile', 'list', '--json'])).profiles).toEqual([]);
    expect((await cli(['profile', 'remove', name, '--yes'])).code).toBe(2);
  });

  it('with the keychain unavailable, remove says how to go on; --keep-secret removes the profile only', async () => {
    const dir = isolatedConfigDir();
    const name = uniqueName('Stuck');
    await cliIn(dir)([...profileAddArgs(sandbox(), name), '--no-verify'], { input: 'secret-left-behind' });
    const noKeychain = (args: string[]) =>
      runCli(args, {
        cleanEnv: true,
        env: { WEBHOOK_TRAY_CONFIG_DIR: dir, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
      });
    const refused = await noKeychain(['profile', 'remove', name, '--yes', '--json']);
    expect(refused.code).toBe(1);
    expect(json(refused)).toMatchObject({ error: { kind: 'keychain' } });
    expect(refused.stderr).toContain('run it again with --keep-secret');
    expect(
      json<{ profiles: Profile[] }>(await cliIn(dir)(['profile', 'list', '--json'])).profiles,
    ).toHaveLength(1);

    const kept = await noKeychain(['profile', 'remove', name, '--yes', '--keep-secret', '--json']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(json(kept)).toEqual({ removed: slug(name), secretKept: true });
    expect(kept.stderr).toContain(
      `its API secret is still in the keychain (service "webhook-tray", account "${slug(name)}")`,
    );
    expect(json<{ profiles: Profile[] }>(await cliIn(dir)(['profile', 'list', '--json'])).profiles).toEqual(
      [],
    );
    // Left in the keychain as announced (this test's keyring is private to the run).
    expect(secretToolLookup(slug(name))).toBe('secret-left-behind');
  });

  it('refuses --profile on every profile command with exit 2, changing nothing', async () => {
    const dir = isolatedConfigDir();
    const cli = cliIn(dir);
    const name = uniqueName('Kept');
    expect(
      (await cli([...profileAddArgs(sandbox(), name), '--no-verify'], { input: 'kept-secret' })).code,
    ).toBe(0);
    const other = uniqueName('Other');
    for (const args of [
      ['--profile', name, ...profileAddArgs(sandbox(), other)],
      ['profile', 'list', '--profile', name],
      ['--profile', name, 'profile', 'remove', name, '--yes'],
      ['profile', 'test', name, '--profile', name],
    ]) {
      const result = await cli([...args, '--json'], { input: 'other-secret' });
      expect(result.code, args.join(' ')).toBe(2);
      expect(json(result)).toMatchObject({
        error: {
          kind: 'validation',
          message: expect.stringContaining('--profile does not apply to profile commands'),
        },
      });
    }
    const profiles = json<{ profiles: Profile[] }>(await cli(['profile', 'list', '--json'])).profiles;
    expect(profiles.map((p) => p.name)).toEqual([name]);
    expect(secretToolLookup(slug(name))).toBe('kept-secret');
    expect(secretToolLookup(slug(other))).toBeNull();
    await cli(['profile', 'remove', name, '--yes']);
  });

  it('profile add --help says --base-url and --account are required flags and the environment is not read', async () => {
    const help = await runCli(['profile', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Also required, from the flags only');
    expect(help.stdout).toMatch(/--base-url <url>\s+the Calypso API base URL/);
    expect(help.stdout).toMatch(/--account <id>\s+the merchant account id/);
    expect(help.stdout).toContain('WEBHOOK_TRAY_BASE_URL, WEBHOOK_TRAY_ACCOUNT');
    // The global options (labelled with their environment variables) are not listed here.
    expect(help.stdout).not.toContain('(env WEBHOOK_TRAY_BASE_URL)');
    expect(help.stdout).toContain('--profile is refused by profile commands');
    for (const command of ['list', 'remove', 'test']) {
      const sub = await runCli(['profile', command, '--help']);
      expect(sub.stdout, command).toContain('--profile is refused by profile commands');
      expect(sub.stdout, command).not.toContain('(env WEBHOOK_TRAY_');
    }
  });

  it('with the keychain unavailable, add exits 1 with the keychain message and leaves nothing', async () => {
    const dir = isolatedConfigDir();
    const name = uniqueName('No Keyring');
    const result = await runCli([...profileAddArgs(sandbox(), name), '--no-verify', '--json'], {
      cleanEnv: true,
      input: 'would-be-secret',
      env: { WEBHOOK_TRAY_CONFIG_DIR: dir, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    });
    expect(result.code).toBe(1);
    expect(json(result)).toMatchObject({ error: { kind: 'keychain' } });
    expect(result.stderr).toContain('gnome-keyring or KWallet');
    const settings = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { profiles: Profile[] };
    expect(settings.profiles).toEqual([]);
    expect(filesContaining(dir, 'would-be-secret')).toEqual([]);
    expect(secretToolLookup(slug(name))).toBeNull();
  });

  it('reports a corrupt settings file, keeps it beside a fresh one, and carries on', async () => {
    const dir = isolatedConfigDir();
    writeFileSync(join(dir, 'settings.json'), '{"profiles": [');
    const result = await cliIn(dir)(['profile', 'list', '--json']);
    expect(result.code).toBe(0);
    expect(json(result)).toEqual({ profiles: [] });
    expect(result.stderr).toMatch(
      /warning: settings: .*settings\.json could not be read .*kept as .*settings\.json\.corrupt-/,
    );
  });
});
