import { resolve } from 'node:path';
import { DEFAULT_BASE_URL } from '../common/calypso-hosts';
import { AppError } from '../common/errors';
import { accountIdWarning } from '../core/api';
import { loadAccountsFile, type ExporterAccount } from '../core/exporter';
import type { CommandRun } from './context';

/** Where the exporter's accounts come from: the flags that choose them. */
export interface AccountSourceOptions {
  profiles?: string;
  allProfiles?: boolean;
  accountsFile?: string;
}

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
async function fromProfiles(run: CommandRun, names: readonly string[]): Promise<ExporterAccount[]> {
  const accounts = new Map<string, ExporterAccount>();
  for (const name of names) {
    // client() turns an unknown name into a usage error and reads the keychain.
    const client = await run.client(name);
    const profile = run.profiles().require(name);
    if (!accounts.has(profile.id)) {
      accounts.set(profile.id, {
        id: profile.id,
        name: profile.name,
        account: profile.account,
        baseUrl: profile.baseUrl,
        client,
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
): Promise<ExporterAccount[]> {
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
      return { id: name, name, account, baseUrl, client: run.clientFor(credentials) };
    });
  }
  const client = await run.client();
  // As the client got them: the flag, else the variable (client() refused a missing account).
  const given = (flag: string | undefined, variable: string | undefined) =>
    [flag, variable].find((value) => value !== undefined && value.trim() !== '')?.trim();
  const account = given(run.globals.account, run.env.WEBHOOK_TRAY_ACCOUNT) ?? '';
  const baseUrl = given(run.globals.baseUrl, run.env.WEBHOOK_TRAY_BASE_URL) ?? DEFAULT_BASE_URL;
  return [{ id: 'environment', name: 'environment', account, baseUrl, client }];
}
