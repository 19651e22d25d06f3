import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Keychain tests run against a real Secret Service: `test/with-keyring.sh` provides a private one.
 * Outside it they fail (never skip), so CI cannot pass without exercising the keychain.
 */
export function requireKeyring(): void {
  if (process.env.WT_TEST_KEYRING !== '1') {
    throw new Error(
      'Keychain tests need a Secret Service: run them with test/with-keyring.sh npx vitest run ...',
    );
  }
}

/** The secret `secret-tool` finds for a profile id, or null. */
export function secretToolLookup(profileId: string, service = 'webhook-tray'): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, 'account', profileId], {
      encoding: 'utf8',
    });
  } catch {
    return null; // secret-tool exits 1 when nothing matches
  }
}

export function tempConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'wt-config-'));
}

/** A name unique to this run, so parallel test files never share keychain entries. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${randomBytes(4).toString('hex')}`;
}

export function randomSecret(): string {
  return `sec-${randomBytes(16).toString('hex')}`;
}

/** Every file under `dir` (recursively) whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) hits.push(...filesContaining(path, needle));
    else if (readFileSync(path).includes(needle)) hits.push(path);
  }
  return hits;
}
