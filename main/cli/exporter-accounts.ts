import { resolve } from 'node:path';
import { AppError } from '../common/errors';
import { accountIdWarning } from '../core/api';
import { loadAccountsFile, type ExporterAccount } from '../core/exporter';
import { inCliTerms } from './cli-terms';
import type { CommandRun } from './context';

/** Where the exporter's accounts come from: the flags that choose them. */
export interface AccountSourceOptions {
  profiles?: string;
  allProfiles?: boolean;
  accountsFile?: string;
}

/** An exported account, with the app's advice worded for where its credentials came from. */
export interface CliExporterAccount extends ExporterAccount {
  /** `message` (which may say "in the account settings") in the terms of this account's source. */
  inOwnTerms(message: string): string;
}

// The monitor backs off on its own schedule: client retries would stack their waits on top, and a
// Retry-After wait could outlast the poll's deadline (the app's monitor clients do the same).
const MONITOR_CLIENT = { maxListRetries: 0 };

function usage(message: string): AppError {
  return new AppError('validation', message);
}

/** The one source the flags name; more than one is a usage error, none means the environment. */
function chosenSource(run: CommandRun, options: AccountSourceOptions): string | null {
  const given = [
    run.globals.profile === undefined ? null : '--profile',
    options.profiles === undefined ? null : '--profiles',
    options.allProfiles === true ? '--all-profiles' : null,
    options.accountsFile === undefined ? null : '--accounts-file',
  ].filter((flag) => flag !== null);
  if (given.length > 1) {
    throw usage(
      `${given.join(' and ')} cannot be used together: choose one of --profile NAME, --profiles NAME,NAME, ` +
        "--all-profiles or --accounts-file FILE (or none, for the environment's credentials).",
    );
  }
  const source = given[0] ?? null;
  if (source !== null && (run.globals.baseUrl !== undefined || run.globals.account !== undefined)) {
    throw usage(`${source} supplies the base URL and account: drop --base-url and --account.`);
  }
  return source;
}

function profileNames(raw: string): string[] {
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0)
    throw usage('--profiles needs at least one profile name, e.g. --profiles Live,Staging.');
  return names;
}

/** Saved profiles by name or id, their secrets from the keychain; each profile once. */
async function fromProfiles(run: CommandRun, names: readonly string[]): Promise<CliExporterAccount[]> {
  const accounts = new Map<string, CliExporterAccount>();
  for (const name of names) {
    // client() turns an unknown name into a usage error and reads the keychain.
    const client = await run.client(name, MONITOR_CLIENT);
    const profile = run.profiles().require(name);
    if (!accounts.has(profile.id)) {
      accounts.set(profile.id, {
        id: profile.id,
        name: profile.name,
        account: profile.account,
        baseUrl: profile.baseUrl,
        client,
        inOwnTerms: (message) => inCliTerms(message, { type: 'profile', name: profile.name }),
      });
    }
  }
  return [...accounts.values()];
}

/**
 * The accounts the exporter watches: `--profile`, `--profiles`, `--all-profiles`,
 * `--accounts-file`, or else the environment's credentials as every command reads them (profile
 * label "environment"). Bad input is a `validation` error in the terms of these flags.
 */
export async function exporterAccounts(
  run: CommandRun,
  options: AccountSourceOptions,
): Promise<CliExporterAccount[]> {
  const source = chosenSource(run, options);
  if (source === '--profile') return fromProfiles(run, [run.globals.profile ?? '']);
  if (source === '--profiles') return fromProfiles(run, profileNames(options.profiles ?? ''));
  if (source === '--all-profiles') {
    const profiles = run.profiles().list();
    if (profiles.length === 0) {
      throw usage(
        'There are no saved profiles: add one with `webhook-tray profile add`, or use --accounts-file FILE.',
      );
    }
    return fromProfiles(
      run,
      profiles.map((profile) => profile.id),
    );
  }
  if (source === '--accounts-file') {
    return loadAccountsFile(resolve(options.accountsFile ?? ''), run.env).map(({ name, credentials }) => {
      const warning = accountIdWarning(credentials.account);
      if (warning !== null) run.output.warn(`${name}: ${warning}`);
      const { account, baseUrl } = credentials;
      const client = run.clientFor(credentials, MONITOR_CLIENT);
      const place = ` in the accounts file (entry "${name}")`;
      const inOwnTerms = (message: string) =>
        inCliTerms(message.replace(/ (?:in|into) the account settings\b/g, place), { type: 'environment' });
      return { id: name, name, account, baseUrl, client, inOwnTerms };
    });
  }
  const client = await run.client(undefined, MONITOR_CLIENT);
  const account = run.actor()?.account ?? '';
  const baseUrl = run.accountBaseUrl() ?? '';
  const inOwnTerms = (message: string) => inCliTerms(message, { type: 'environment' });
  return [{ id: 'environment', name: 'environment', account, baseUrl, client, inOwnTerms }];
}
