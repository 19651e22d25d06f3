/**
 * Where `exporter` gets its accounts (an accounts file, saved profiles, the environment), and the
 * refusals of bad input: exit 2 with a message that names the flag, the entry and the field.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox, type SandboxCredentials } from '../../main/core/sandbox';
import { requireKeyring, uniqueName } from '../core/accounts/keyring';
import { series, type Sample } from '../support/prom-text';
import { isolatedConfigDir, profileAddArgs, requireBuiltCli, runCli, sandboxEnv } from './cli-harness';
import { waitFor } from '../support/wait-for';
import { failedExporter, promtoolCheck, scrapeText, scrapeUntil, startExporter } from './exporter-harness';

const SECOND: SandboxCredentials = {
  account: '0x1111111111111111111111111111111111111111',
  apiKey: 'second-api-key',
  apiSecret: 'second-api-secret-0123456789',
};

let sandbox: RunningSandbox;
let dir: string;

beforeEach(async () => {
  requireBuiltCli();
  sandbox = await startSandbox({ extraAccounts: [SECOND] });
  sandbox.control.addSubscription({ account: sandbox.credentials.account, url: 'http://127.0.0.1:9/main' });
  sandbox.control.addSubscription({
    account: SECOND.account,
    url: 'http://127.0.0.1:9/second',
    enabled: false,
  });
  dir = mkdtempSync(join(tmpdir(), 'wt-exporter-accounts-'));
});
afterEach(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

/** An accounts file for both sandbox accounts: the main one's secret in a file, the second's in a variable. */
function accountsFile(secretMode = 0o600, extra = ''): string {
  const secret = write('main.secret', `${sandbox.credentials.apiSecret}\n`, secretMode);
  return write(
    'accounts.yml',
    `- name: 'Main "shop" \\ EU'
  baseUrl: ${sandbox.url}
  account: "${sandbox.credentials.account}"
  apiKey: ${sandbox.credentials.apiKey}
  apiSecretFile: ${secret}
${extra}- name: Second
  baseUrl: ${sandbox.url}/
  account: "${SECOND.account}"
  apiKey: ${SECOND.apiKey}
  apiSecretEnv: SECOND_API_SECRET
`,
  );
}

const bothUp = (samples: Sample[]) =>
  series(samples, 'calypso_webhook_up').filter((s) => s.value === 1).length === 2;

/** profile label -> [account label, the states of its subscriptions]. */
function accountsSeen(samples: Sample[]): Record<string, [string, string[]]> {
  const seen: Record<string, [string, string[]]> = {};
  for (const s of series(samples, 'calypso_webhook_up')) seen[s.labels.profile!] = [s.labels.account!, []];
  for (const s of series(samples, 'calypso_webhook_health'))
    seen[s.labels.profile!]?.[1].push(s.labels.state!);
  return seen;
}

const noEnvCredentials = { WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir() };

describe('exporter --accounts-file', () => {
  it('exports both accounts of a YAML file, secrets from a file and from a variable', async () => {
    const exporter = await startExporter(['--accounts-file', accountsFile(), '--interval', '1'], {
      ...noEnvCredentials,
      SECOND_API_SECRET: SECOND.apiSecret,
    });
    expect(exporter.stderr()).toContain('for 2 accounts');
    const samples = await scrapeUntil(exporter, 'both accounts polled', bothUp);
    // A name with quotes and a backslash: escaped in the labels, as promtool checks.
    expect(accountsSeen(samples)).toEqual({
      'Main "shop" \\ EU': [sandbox.credentials.account, ['healthy']],
      Second: [SECOND.account, ['disabled']],
    });
    expect(await promtoolCheck(await scrapeText(exporter))).toEqual({ code: 0, output: '' });
    exporter.child.kill('SIGTERM');
    expect(await exporter.exited).toBe(0);
  });

  it('reads a JSON file the same way', async () => {
    const secret = write('second.secret', SECOND.apiSecret, 0o400);
    const file = write(
      'accounts.json',
      JSON.stringify([
        {
          name: 'Only',
          baseUrl: sandbox.url,
          account: SECOND.account,
          apiKey: SECOND.apiKey,
          apiSecretFile: secret,
        },
      ]),
    );
    const exporter = await startExporter(['--accounts-file', file, '--interval', '1'], noEnvCredentials);
    const samples = await scrapeUntil(
      exporter,
      'the account polled',
      (s) => series(s, 'calypso_webhook_up')[0]?.value === 1,
    );
    expect(accountsSeen(samples)).toEqual({ Only: [SECOND.account, ['disabled']] });
  });

  it('words a refusal of the credentials in terms of the accounts file entry', async () => {
    const file = write(
      'wrong.json',
      JSON.stringify([
        {
          name: 'Wrong',
          baseUrl: sandbox.url,
          account: SECOND.account,
          apiKey: SECOND.apiKey,
          apiSecretEnv: 'W',
        },
      ]),
    );
    const exporter = await startExporter(['--accounts-file', file], {
      ...noEnvCredentials,
      W: 'not-the-secret',
    });
    const line = await waitFor(
      'the refusal on stderr',
      () => /exporter: Wrong: .*\n/.exec(exporter.stderr())?.[0],
    );
    expect(line).toMatch(
      /^exporter: Wrong: Calypso refused the credentials: .* in the accounts file \(entry "Wrong"\)/,
    );
    expect(exporter.stderr()).not.toContain('not-the-secret');
  });

  it('refuses a secret file others can read: exit 2, naming the entry, the file and the fix', async () => {
    const result = await failedExporter(['--accounts-file', accountsFile(0o644)], {
      ...noEnvCredentials,
      SECOND_API_SECRET: SECOND.apiSecret,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('entry 1 ("Main "shop" \\ EU"): apiSecretFile:');
    expect(result.stderr).toContain(`chmod 600 ${join(dir, 'main.secret')}`);
    expect(result.stderr).not.toContain(sandbox.credentials.apiSecret);
  });

  it('refuses an inline secret, a missing variable and an unknown key, each with its entry', async () => {
    const file = write(
      'bad.yml',
      `- name: Inline
  baseUrl: ${sandbox.url}
  account: a
  apiKey: k
  apiSecret: inline-secret-value
- name: NoVariable
  baseUrl: ${sandbox.url}
  account: a
  apiKey: k
  apiSecretEnv: NOT_SET_ANYWHERE
- name: Typo
  baseUrl: ${sandbox.url}
  acount: a
  apiKey: k
  apiSecretEnv: HOME
`,
    );
    const result = await failedExporter(['--accounts-file', file], noEnvCredentials);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('entry 1 ("Inline"): apiSecret is refused');
    expect(result.stderr).toContain(
      'entry 2 ("NoVariable"): apiSecretEnv: the environment variable NOT_SET_ANYWHERE',
    );
    expect(result.stderr).toContain('entry 3 ("Typo"): unknown key "acount"');
    expect(result.stderr).not.toContain('inline-secret-value');
  });

  it('refuses a file that does not parse, and one that is missing', async () => {
    const broken = await failedExporter(['--accounts-file', write('broken.json', '[{')], noEnvCredentials);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/Accounts file .*broken\.json is not valid JSON/);
    const missing = await failedExporter(['--accounts-file', join(dir, 'none.yml')], noEnvCredentials);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('check --accounts-file');
  });
});

describe('exporter --profiles and --all-profiles', () => {
  it('exports saved profiles by name (--profiles, --profile) and every saved profile, secrets from the keychain', async () => {
    requireKeyring();
    const env = { WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir() };
    const names = [uniqueName('Exported Main'), uniqueName('Exported Second')];
    const second = { ...sandbox, credentials: SECOND };
    for (const [name, target] of [
      [names[0]!, sandbox],
      [names[1]!, second],
    ] as const) {
      const added = await runCli(profileAddArgs(target, name), {
        env,
        input: `${target.credentials.apiSecret}\n`,
      });
      expect(added.code, added.stderr).toBe(0);
    }
    try {
      const some = await startExporter(['--profiles', ` ${names[1]} `, '--interval', '1'], env);
      const one = await scrapeUntil(
        some,
        'the profile polled',
        (s) => series(s, 'calypso_webhook_up')[0]?.value === 1,
      );
      expect(accountsSeen(one)).toEqual({ [names[1]!]: [SECOND.account, ['disabled']] });
      some.child.kill('SIGTERM');
      expect(await some.exited).toBe(0);

      const single = await startExporter(['--profile', names[0]!, '--interval', '1'], env);
      const first = await scrapeUntil(
        single,
        'the profile polled',
        (s) => series(s, 'calypso_webhook_up')[0]?.value === 1,
      );
      expect(accountsSeen(first)).toEqual({ [names[0]!]: [sandbox.credentials.account, ['healthy']] });
      single.child.kill('SIGTERM');
      expect(await single.exited).toBe(0);

      const all = await startExporter(['--all-profiles', '--interval', '1'], env);
      expect(accountsSeen(await scrapeUntil(all, 'both profiles polled', bothUp))).toEqual({
        [names[0]!]: [sandbox.credentials.account, ['healthy']],
        [names[1]!]: [SECOND.account, ['disabled']],
      });

      const unknown = await failedExporter(['--profiles', `${names[0]},No Such Profile`], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('No profile named "No Such Profile"');
    } finally {
      for (const name of names) await runCli(['profile', 'remove', name, '--yes'], { env });
    }
  });

  it('refuses --all-profiles without saved profiles', async () => {
    const result = await failedExporter(['--all-profiles'], { WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('There are no saved profiles');
  });
});

describe('exporter: flags and the listen address', () => {
  it.each([
    [['--profiles', 'A', '--all-profiles'], '--profiles and --all-profiles cannot be used together'],
    [['--profile', 'A', '--accounts-file', 'x.yml'], '--profile and --accounts-file cannot be used together'],
    [['--all-profiles', '--account', 'acct'], '--all-profiles supplies the base URL and account'],
    [['--listen', '9464'], 'Invalid listen address "9464"'],
    [['--listen', '::1:9464'], 'an IPv6 address goes in brackets'],
    [['--interval', '0'], "option '--interval <seconds>' argument '0' is invalid"],
  ])('exits 2 for %j', async (args, message) => {
    const global = args[0] === '--profile' ? args.slice(0, 2) : [];
    const rest = args[0] === '--profile' ? args.slice(2) : args;
    const result = await runCli([...global, 'exporter', ...rest], { env: sandboxEnv(sandbox) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('exits 2 with a clear message when the listen address is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await runCli(['exporter', '--listen', `127.0.0.1:${port}`], {
        env: sandboxEnv(sandbox),
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`127.0.0.1:${port} is already in use`);
      expect(result.stderr).toContain('--listen');
      // Nothing was polled: the address is bound before the first request.
      expect(sandbox.control.requests()).toEqual([]);
    } finally {
      taken.close();
    }
  });

  it('exits 2 when the address is not one of this machine', async () => {
    const result = await runCli(['exporter', '--listen', '192.0.2.1:9464'], { env: sandboxEnv(sandbox) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('192.0.2.1:9464 is not an address of this machine');
  });
});
