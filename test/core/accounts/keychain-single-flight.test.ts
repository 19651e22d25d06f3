import { describe, expect, it } from 'vitest';
import { KeytarSecretStore, type KeytarModule } from '../../../main/core/accounts/keytar-secret-store';

/**
 * A keychain that answers only when the test says so, and records every call it receives and how
 * many ran at once per account: what a locked keyring waiting for its unlock prompt looks like.
 */
function slowKeychain() {
  const secrets = new Map<string, string>();
  const waiting: (() => void)[] = [];
  const calls: string[] = [];
  const running = new Map<string, number>();
  let mostAtOnce = 0;
  async function call<T>(name: string, account: string, work: () => T): Promise<T> {
    calls.push(`${name} ${account}`);
    const now = (running.get(account) ?? 0) + 1;
    running.set(account, now);
    mostAtOnce = Math.max(mostAtOnce, now);
    await new Promise<void>((resolve) => waiting.push(resolve));
    running.set(account, (running.get(account) ?? 1) - 1);
    return work();
  }
  const keytar: KeytarModule = {
    getPassword: (_service, account) => call('get', account, () => secrets.get(account) ?? null),
    setPassword: (_service, account, password) =>
      call('set', account, () => void secrets.set(account, password)),
    deletePassword: (_service, account) => call('delete', account, () => secrets.delete(account)),
  };
  return {
    keytar,
    secrets,
    calls,
    mostAtOnce: () => mostAtOnce,
    /** Lets every call waiting so far answer. */
    answer: () => waiting.splice(0).forEach((resolve) => resolve()),
  };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('one keychain call in flight per account', () => {
  it('concurrent reads of one account share one keychain call', async () => {
    const keychain = slowKeychain();
    keychain.secrets.set('live', 's3cret');
    const store = new KeytarSecretStore({ keytar: keychain.keytar });
    const reads = [store.get('live'), store.get('live'), store.get('live')];
    await settle();
    keychain.answer();
    await expect(Promise.all(reads)).resolves.toEqual(['s3cret', 's3cret', 's3cret']);
    expect(keychain.calls).toEqual(['get live']);
  });

  it('other accounts are not held up', async () => {
    const keychain = slowKeychain();
    const store = new KeytarSecretStore({ keytar: keychain.keytar });
    const reads = [store.get('a'), store.get('b')];
    await settle();
    expect(keychain.calls).toEqual(['get a', 'get b']);
    keychain.answer();
    await Promise.all(reads);
  });

  it('after a timeout, no retry starts while the first call is still pending; the retry gets its answer', async () => {
    const keychain = slowKeychain();
    keychain.secrets.set('live', 's3cret');
    const store = new KeytarSecretStore({ keytar: keychain.keytar, timeoutMs: 30 });
    await expect(store.get('live')).rejects.toMatchObject({ kind: 'keychain' });
    const retry = store.get('live');
    await settle();
    expect(keychain.calls).toEqual(['get live']);
    keychain.answer();
    await expect(retry).resolves.toBe('s3cret');
    // Once answered, the account is free: the next read is a call of its own.
    const next = store.get('live');
    await settle();
    keychain.answer();
    await next;
    expect(keychain.calls).toEqual(['get live', 'get live']);
  });

  it('a change waits for the read under way: never two calls at once on one account', async () => {
    const keychain = slowKeychain();
    const store = new KeytarSecretStore({ keytar: keychain.keytar });
    const read = store.get('live');
    const save = store.set('live', 'new');
    await settle();
    expect(keychain.calls).toEqual(['get live']);
    keychain.answer();
    await expect(read).resolves.toBeNull();
    await settle();
    expect(keychain.calls).toEqual(['get live', 'set live']);
    keychain.answer();
    await save;
    expect(keychain.mostAtOnce()).toBe(1);
    expect(keychain.secrets.get('live')).toBe('new');
  });

  it('a change whose caller timed out while waiting its turn never happens', async () => {
    const keychain = slowKeychain();
    const store = new KeytarSecretStore({ keytar: keychain.keytar, timeoutMs: 30 });
    const read = store.get('live').catch(() => undefined);
    await expect(store.set('live', 'late')).rejects.toMatchObject({ kind: 'keychain' });
    keychain.answer();
    await read;
    await settle();
    expect(keychain.calls).toEqual(['get live']);
    expect(keychain.secrets.has('live')).toBe(false);
  });
});
