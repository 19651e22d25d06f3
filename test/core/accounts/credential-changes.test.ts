import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changesCredentials,
  credentialFingerprint,
  credentialsAfter,
  verifyCredentials,
} from '../../../main/core/accounts/credential-changes';
import { parseProfileChanges } from '../../../main/core/accounts/profile-input';
import type { Profile } from '../../../main/core/accounts/types';
import { AppError } from '../../../main/common/errors';
import { startSandbox, type RunningSandbox } from '../../../main/core/sandbox';

const stored: Profile = {
  id: 'shop',
  name: 'Shop',
  baseUrl: 'https://api.calypso.finance',
  account: '0x0000000000000000000000000000000000000001',
  apiKey: 'key-live',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** The window's form sends every field on each save, the way it shows them. */
const form = (fields: Record<string, string>) =>
  parseProfileChanges({
    name: stored.name,
    baseUrl: stored.baseUrl,
    account: stored.account,
    apiKey: stored.apiKey,
    ...fields,
  });

describe('only credentials that really change are tested', () => {
  it('a rename, or the same fields as typed again, changes no credential', () => {
    expect(changesCredentials(stored, form({ name: 'Shop EU' }))).toBe(false);
    expect(
      changesCredentials(
        stored,
        form({ baseUrl: ' HTTPS://api.calypso.finance/// ', account: ` ${stored.account} ` }),
      ),
    ).toBe(false);
  });

  it('a new base URL, account or key changes them; a typed secret always does', () => {
    expect(changesCredentials(stored, form({ baseUrl: 'https://api.calypso.money' }))).toBe(true);
    expect(changesCredentials(stored, form({ account: '0x02' }))).toBe(true);
    expect(changesCredentials(stored, form({ apiKey: 'key-next' }))).toBe(true);
    expect(changesCredentials(stored, form({ apiSecret: 'whatever' }))).toBe(true);
  });

  it('a settings.json edited by hand counts as stored in its normal form', () => {
    const handEdited = { ...stored, baseUrl: 'https://api.calypso.finance/', apiKey: ' key-live ' };
    expect(changesCredentials(handEdited, form({}))).toBe(false);
  });

  it('a stored value the rules now refuse counts as changed, so it is tested', () => {
    const refused = { ...stored, baseUrl: 'http://api.calypso.finance' };
    expect(changesCredentials(refused, parseProfileChanges({ apiKey: stored.apiKey }))).toBe(false);
    expect(changesCredentials(refused, form({}))).toBe(true);
  });
});

describe('the credentials an edit would sign with', () => {
  it('takes the edited fields, the stored ones elsewhere, and reads the stored secret only when none is typed', async () => {
    let reads = 0;
    const storedSecret = async () => {
      reads += 1;
      return 'stored-secret';
    };
    expect(await credentialsAfter(stored, { apiKey: 'key-next' }, storedSecret)).toEqual({
      baseUrl: stored.baseUrl,
      account: stored.account,
      apiKey: 'key-next',
      apiSecret: 'stored-secret',
    });
    expect(reads).toBe(1);
    expect((await credentialsAfter(stored, { apiSecret: 'typed' }, storedSecret)).apiSecret).toBe('typed');
    expect(reads).toBe(1);
  });

  it('a client is rebuilt when what it signs with may have changed, not for a rename', () => {
    const before = credentialFingerprint(stored);
    expect(credentialFingerprint({ ...stored, name: 'Renamed' })).toBe(before);
    // The secret is out of sight in the keychain: a new updatedAt is how its change shows.
    expect(credentialFingerprint({ ...stored, updatedAt: '2026-02-01T00:00:00.000Z' })).not.toBe(before);
    expect(credentialFingerprint({ ...stored, apiKey: 'key-next' })).not.toBe(before);
  });
});

describe('verifyCredentials against the sandbox on loopback', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'empty' });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('passes with the right secret and refuses a wrong one, saying nothing was saved', async () => {
    const { account, apiKey, apiSecret } = sandbox.credentials;
    await expect(
      verifyCredentials({ baseUrl: sandbox.url, account, apiKey, apiSecret }),
    ).resolves.toBeUndefined();
    const refused = await verifyCredentials({
      baseUrl: sandbox.url,
      account,
      apiKey,
      apiSecret: 'typo',
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).kind).toBe('auth');
    expect((refused as AppError).message).toMatch(/Nothing was saved\.$/);
  });
});
