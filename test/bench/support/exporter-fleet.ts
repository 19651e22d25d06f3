import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxCredentials, SeedSubscription } from '../../../main/core/sandbox';
import { benchAccounts } from './bench-accounts';

export type SeededState = 'healthy' | 'failing' | 'blocked' | 'disabled';

/** Many accounts for the exporter: their sandbox subscriptions and how many of each state. */
export interface Fleet {
  accounts: SandboxCredentials[];
  /** The name of account i in the accounts file (the exporter's `profile` label). */
  names: string[];
  seeds: SeedSubscription[];
  states: Record<SeededState, number>;
  /** Accounts holding a failing subscription: the monitor polls them on its fast interval. */
  fastAccounts: number;
  httpsUrls: number;
  /** Distinct https receivers (scheme, host, port): what a certificate check is made for. */
  httpsOrigins: number;
}

const MINUTE_MS = 60_000;

/**
 * The state of subscription j of account i, a fixed mix: one account in 10 has two failing
 * subscriptions, one in 20 a blocked one, one in 25 a disabled one; the rest is healthy.
 */
function stateOf(i: number, j: number): SeededState {
  if (i % 20 === 7 && j === 4) return 'blocked';
  if (i % 25 === 11 && j === 5) return 'disabled';
  if (i % 10 === 3 && (j === 1 || j === 2)) return 'failing';
  return 'healthy';
}

/**
 * Receiver URLs as merchants write them: one or two hosts per account (a shop and an ERP), a path per
 * webhook, three in four https, some carrying a token in the query or in user info (the exporter's `url`
 * label must drop both). Deliveries never run in the bench; the hosts do not resolve.
 */
function urlOf(i: number, j: number): string {
  const host = j % 4 === 3 ? `erp.shop-${i}.example` : `hooks.shop-${i}.example`;
  const scheme = j % 4 === 1 ? 'http' : 'https';
  if (j % 5 === 2) return `${scheme}://${host}/calypso/${j}?token=bench-${i}-${j}`;
  if (j % 7 === 3) return `${scheme}://bench:secret-${i}@${host}/calypso/${j}`;
  return `${scheme}://${host}/calypso/${j}`;
}

export function planFleet(accountCount: number, perAccount: number, nowMs: number): Fleet {
  const accounts = benchAccounts(accountCount, 'exporter');
  const states: Record<SeededState, number> = { healthy: 0, failing: 0, blocked: 0, disabled: 0 };
  const seeds: SeedSubscription[] = [];
  const fast = new Set<number>();
  let httpsUrls = 0;
  const origins = new Set<string>();
  accounts.forEach((account, i) => {
    for (let j = 0; j < perAccount; j += 1) {
      const state = stateOf(i, j);
      const url = urlOf(i, j);
      states[state] += 1;
      if (url.startsWith('https:')) {
        httpsUrls += 1;
        origins.add(new URL(url).host);
      }
      const seed: SeedSubscription = {
        account: account.account,
        url,
        notificationEventTypes: ['INVOICE_PAID', 'PAYOUT_CONFIRMED'],
      };
      if (state === 'failing') {
        fast.add(i);
        // A failing run under way (a forecast needs at least 3 failures over some time).
        Object.assign(seed, {
          errorCount: 6 + j,
          errorFirstDate: new Date(nowMs - 10 * MINUTE_MS).toISOString(),
          errorLastDate: new Date(nowMs - MINUTE_MS).toISOString(),
        });
      } else if (state === 'blocked') {
        Object.assign(seed, {
          blockedByErrorCount: true,
          errorCount: 101,
          errorFirstDate: new Date(nowMs - 70 * MINUTE_MS).toISOString(),
          errorLastDate: new Date(nowMs - 60 * MINUTE_MS).toISOString(),
        });
      } else if (state === 'disabled') {
        seed.enabled = false;
      }
      seeds.push(seed);
    }
  });
  const names = accounts.map((_, i) => `shop-${i}`);
  return {
    accounts,
    names,
    seeds,
    states,
    fastAccounts: fast.size,
    httpsUrls,
    httpsOrigins: origins.size,
  };
}

/**
 * Writes the exporter's accounts file under `dir`: even accounts read their secret from a file of
 * mode 0600 (`apiSecretFile`), odd ones from an environment variable (`apiSecretEnv`), returned in `env`.
 */
export function writeAccountsFile(
  fleet: Fleet,
  baseUrl: string,
  dir: string,
): { file: string; env: Record<string, string> } {
  const secrets = join(dir, 'secrets');
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const env: Record<string, string> = {};
  const entries = fleet.accounts.map((account, i) => {
    const entry = { name: fleet.names[i]!, baseUrl, account: account.account, apiKey: account.apiKey };
    if (i % 2 === 0) {
      const file = join(secrets, `${entry.name}.secret`);
      writeFileSync(file, account.apiSecret, { mode: 0o600 });
      chmodSync(file, 0o600);
      return { ...entry, apiSecretFile: file };
    }
    const variable = `BENCH_EXPORTER_SECRET_${i}`;
    env[variable] = account.apiSecret;
    return { ...entry, apiSecretEnv: variable };
  });
  const file = join(dir, 'accounts.json');
  writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  return { file, env };
}
