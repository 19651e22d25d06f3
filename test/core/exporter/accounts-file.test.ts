/**
 * The exporter's accounts file, read from real temp files: YAML and JSON, secrets from variables
 * and files (modes checked through symlinks), and every refusal naming its entry and field.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAccountsFile } from '../../../main/core/exporter';

const ACCOUNT = '0x5a4db0c1e2f3a4b5c6d7e8f90123456789abcdef';
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wt-accounts-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

/** The validation error's message, failing the test when nothing is thrown. */
function refusal(path: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    loadAccountsFile(path, env);
  } catch (error) {
    expect(error).toMatchObject({ kind: 'validation' });
    return (error as Error).message;
  }
  throw new Error('loadAccountsFile accepted the file');
}

const entry = (fields: Record<string, unknown>) => ({
  name: 'shop',
  baseUrl: 'https://api.calypso.finance/',
  account: ACCOUNT,
  apiKey: 'key-1',
  ...fields,
});
const json = (entries: unknown[]) => file('accounts.json', JSON.stringify(entries));

describe('loadAccountsFile: what it accepts', () => {
  it('reads YAML with a secret from a file (trailing newline trimmed) and one from a variable', () => {
    file('shop.secret', 's3cret-shop\n');
    const path = file(
      'accounts.yml',
      [
        '- name: Shop',
        '  baseUrl: https://api.calypso.finance/',
        `  account: "${ACCOUNT}"`,
        '  apiKey: key-1',
        '  apiSecretFile: shop.secret',
        '- name: Payouts',
        '  baseUrl: http://127.0.0.1:8080',
        '  account: acct-2',
        '  apiKey: key-2',
        '  apiSecretEnv: PAYOUTS_SECRET',
        '',
      ].join('\n'),
    );
    expect(loadAccountsFile(path, { PAYOUTS_SECRET: 'env-secret' })).toEqual([
      {
        name: 'Shop',
        credentials: {
          baseUrl: 'https://api.calypso.finance',
          account: ACCOUNT,
          apiKey: 'key-1',
          apiSecret: 's3cret-shop',
        },
      },
      {
        name: 'Payouts',
        credentials: {
          baseUrl: 'http://127.0.0.1:8080',
          account: 'acct-2',
          apiKey: 'key-2',
          apiSecret: 'env-secret',
        },
      },
    ]);
  });

  it('reads JSON, an absolute secret path with ${VAR} from the environment (systemd credentials)', () => {
    const credentials = join(dir, 'credentials');
    mkdirSync(credentials);
    writeFileSync(join(credentials, 'shop'), 'from-systemd', { mode: 0o400 });
    const path = json([entry({ apiSecretFile: '${CREDENTIALS_DIRECTORY}/shop' })]);
    const [account] = loadAccountsFile(path, { CREDENTIALS_DIRECTORY: credentials });
    expect(account?.credentials.apiSecret).toBe('from-systemd');
  });

  it('follows a symlink to a private file, as Kubernetes mounts secrets', () => {
    const target = file('..data-secret', 'k8s-secret', 0o400);
    symlinkSync(target, join(dir, 'secret-link'));
    const [account] = loadAccountsFile(json([entry({ apiSecretFile: 'secret-link' })]), {});
    expect(account?.credentials.apiSecret).toBe('k8s-secret');
  });
});

describe('loadAccountsFile: a secret never in the file, never readable by others', () => {
  it('refuses an inline apiSecret and says to use apiSecretEnv or apiSecretFile', () => {
    const message = refusal(json([entry({ apiSecret: 'inline', apiSecretEnv: 'X' })]), { X: 'x' });
    expect(message).toContain('entry 1 ("shop"): apiSecret is refused');
    expect(message).toContain('apiSecretEnv');
    expect(message).toContain('apiSecretFile');
    expect(message).not.toContain('inline');
  });

  it.each(['0640', '0604', '0660', '0602'])(
    'refuses a secret file of mode %s, naming it and the fix',
    (mode) => {
      const secret = file('open.secret', 'open-secret', parseInt(mode, 8));
      const message = refusal(json([entry({ apiSecretFile: secret })]));
      expect(message).toContain(`entry 1 ("shop"): apiSecretFile: ${secret} is open to group or others`);
      expect(message).toContain(`chmod 600 ${secret}`);
      expect(message).toContain('defaultMode: 0400');
    },
  );

  it('checks the mode of the file a symlink leads to, not the link (which is always 0777)', () => {
    const target = file('target.secret', 'world-readable', 0o644);
    const link = join(dir, 'link.secret');
    symlinkSync(target, link);
    expect(refusal(json([entry({ apiSecretFile: link })]))).toContain(
      `${link} is open to group or others (mode 0644)`,
    );
  });

  it('refuses an empty secret file, a missing one and a folder', () => {
    file('empty.secret', '\n');
    mkdirSync(join(dir, 'folder'));
    const message = refusal(
      json([
        entry({ name: 'a', apiSecretFile: 'empty.secret' }),
        entry({ name: 'b', apiSecretFile: 'missing.secret' }),
        entry({ name: 'c', apiSecretFile: 'folder' }),
      ]),
    );
    expect(message).toContain(`entry 1 ("a"): apiSecretFile: ${join(dir, 'empty.secret')} is empty`);
    expect(message).toContain(`entry 2 ("b"): apiSecretFile: ${join(dir, 'missing.secret')} does not exist`);
    expect(message).toContain(`entry 3 ("c"): apiSecretFile: ${join(dir, 'folder')} is not a regular file`);
  });

  it('refuses a missing or empty variable, and a ${VAR} in a path that is not set', () => {
    const message = refusal(
      json([
        entry({ name: 'a', apiSecretEnv: 'UNSET_SECRET' }),
        entry({ name: 'b', apiSecretEnv: 'EMPTY_SECRET' }),
        entry({ name: 'c', apiSecretFile: '${CREDENTIALS_DIRECTORY}/c' }),
      ]),
      { EMPTY_SECRET: ' ' },
    );
    expect(message).toContain(
      'entry 1 ("a"): apiSecretEnv: the environment variable UNSET_SECRET is not set',
    );
    expect(message).toContain(
      'entry 2 ("b"): apiSecretEnv: the environment variable EMPTY_SECRET is not set',
    );
    expect(message).toContain(
      'entry 3 ("c"): apiSecretFile: it uses ${CREDENTIALS_DIRECTORY}, which is not set',
    );
  });

  it('wants exactly one of apiSecretEnv and apiSecretFile', () => {
    const message = refusal(json([entry({ apiSecretEnv: 'A', apiSecretFile: 'b' }), entry({ name: 'two' })]));
    expect(message).toContain('entry 1 ("shop"): give exactly one of apiSecretEnv');
    expect(message).toContain('entry 2 ("two"): give exactly one of apiSecretEnv');
  });
});

describe('loadAccountsFile: bad files name the entry and the field', () => {
  it('refuses unknown keys, listing the known ones', () => {
    const message = refusal(json([entry({ apiSecretEnv: 'S', baseURL: 'x' })]), { S: 's' });
    expect(message).toContain('entry 1 ("shop"): unknown key "baseURL": the keys are name, baseUrl, account');
  });

  it('applies the profile rules: base URL, account, API key and name, by field', () => {
    const message = refusal(
      json([
        {
          name: 'plain',
          baseUrl: 'http://api.calypso.finance',
          account: ACCOUNT,
          apiKey: 'k',
          apiSecretEnv: 'S',
        },
        { baseUrl: 'https://api.calypso.finance', account: '', apiKey: 'k\u0000', apiSecretEnv: 'S' },
      ]),
      { S: 's' },
    );
    expect(message).toMatch(/entry 1 \("plain"\): baseUrl: base URL .*https/);
    expect(message).toContain('entry 2: name: name is required');
    expect(message).toContain('entry 2: account: account must not be empty');
    expect(message).toContain('entry 2: apiKey: API key holds a character that cannot be sent');
  });

  it('refuses duplicate names, whatever their case', () => {
    const message = refusal(
      json([entry({ apiSecretEnv: 'S' }), entry({ name: 'SHOP', apiSecretEnv: 'S' })]),
      {
        S: 's',
      },
    );
    expect(message).toContain('entry 2 ("SHOP"): name: "SHOP" is already the name of entry 1');
  });

  it('refuses bad YAML, bad JSON, a document that is not a list, and an entry that is not a mapping', () => {
    expect(refusal(file('bad.yml', '- name: [unclosed\n'))).toMatch(
      /^Accounts file .*bad\.yml is not valid YAML: /,
    );
    expect(refusal(file('bad.json', '[{"name": }]'))).toMatch(
      /^Accounts file .*bad\.json is not valid JSON: /,
    );
    expect(refusal(file('map.yml', 'name: shop\n'))).toContain('must be a non-empty list of accounts');
    expect(refusal(file('empty.yml', ''))).toContain('must be a non-empty list of accounts');
    expect(refusal(file('scalar.yml', '- shop\n'))).toContain(
      'entry 1: expected a mapping with the keys name',
    );
  });

  it('refuses a YAML mapping with a key given twice', () => {
    const path = file('twice.yml', '- name: a\n  name: b\n  baseUrl: https://x.example\n');
    expect(refusal(path)).toMatch(/is not valid YAML: .*[Mm]ap keys must be unique/);
  });

  it('says which file it cannot read', () => {
    expect(refusal(join(dir, 'nowhere.yml'))).toContain(
      `Cannot read the accounts file ${join(dir, 'nowhere.yml')} (ENOENT)`,
    );
  });
});
