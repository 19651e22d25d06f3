import { resolve } from 'node:path';
import type { Command } from 'commander';
import { baseUrlProblem } from '../core/api';
import { createProfileService, type ProfileService } from '../core/accounts';
import type { Credentials } from '../core/api';
import { DEFAULT_BASE_URL } from '../common/calypso-hosts';
import { createCalypsoClient, type CalypsoClient, type ClientOptions } from '../core/api';
import { accountIdWarning } from '../core/api';
import { cliCertificates, type TrustSource } from '../core/api';
import { apiHostOf, ENVIRONMENT_PROFILE_ID } from '../core/activity';
import { AppError, toAppError, type ErrorInfo } from '../common/errors';
import { dashboardUrlFor } from '../common/external-links';
import { inCliTerms, type CredentialSource } from './cli-terms';
import { askConfirmation } from './confirm';
import { exitCodeFor } from './exit-codes';
import { createOutput, type Output } from './output';
import { createRetryReport } from './retry-report';

/** The program-wide options, as commander hands them to every command (`optsWithGlobals()`). */
export interface GlobalOptions {
  baseUrl?: string;
  account?: string;
  json?: boolean;
  timeout?: string;
  profile?: string;
  verbose?: boolean;
  caFile?: string;
}

/** Client options a command may set beside the global ones (a monitor backs off itself: no list retries). */
export type ClientTuning = Pick<ClientOptions, 'maxListRetries'>;

/** What every command gets for one run. */
export interface CommandRun {
  readonly output: Output;
  readonly globals: GlobalOptions;
  readonly env: NodeJS.ProcessEnv;
  /** Whether a person can answer prompts (stdin and stderr are terminals). */
  readonly interactive: boolean;
  readonly stdin: NodeJS.ReadableStream;
  /**
   * A signed client for `--profile NAME` (secret from the keychain), or else for the environment
   * (`--base-url`/`WEBHOOK_TRAY_BASE_URL`, `--account`/`WEBHOOK_TRAY_ACCOUNT`, key and secret from
   * `WEBHOOK_TRAY_API_KEY`/`WEBHOOK_TRAY_API_SECRET`). Incomplete or invalid input is a `validation`
   * error, raised before anything is sent. `profileName` overrides `--profile` (`profile test NAME`).
   */
  client(profileName?: string, tuning?: ClientTuning): Promise<CalypsoClient>;
  /**
   * Whom the last `client()` acts for: the profile's id, or "environment" for credentials from the
   * environment, with the account (the activity log's key); null before any client.
   */
  actor(): { profileId: string; account: string; apiHost: string } | null;
  /** A client for credentials given on the command line (`profile add` tests them before saving). */
  clientFor(credentials: Credentials, tuning?: ClientTuning): CalypsoClient;
  /** An error as the CLI prints it: its message in the CLI's terms (flags, variables, commands). */
  errorInfo(error: unknown): ErrorInfo;
  /** The Calypso dashboard of the account the last client was made for (where blocks are lifted). */
  dashboardUrl(): string;
  /** The base URL of the account the last client was made for; null before one was made. */
  accountBaseUrl(): string | null;
  /** The profile store in the config folder; its warnings (a corrupt file set aside) are printed. */
  profiles(): ProfileService;
  /**
   * Asks before a destructive action. Without a terminal `--yes` is required (a `validation` error
   * otherwise); a "no" at the prompt is a `cancelled` error: exit 0, nothing changed.
   */
  confirm(question: string, yes: boolean | undefined): Promise<void>;
  /** The refusal of `confirm` without a terminal, raised early: before a lookup that precedes the question. */
  ensureConfirmable(question: string, yes: boolean | undefined): void;
}

/** Shared by every command registration: the process's environment and streams. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /**
   * Runs a command's action: builds its CommandRun from the global options, and turns a thrown
   * error into the documented output and exit code.
   */
  run(command: Command, action: (run: CommandRun) => Promise<void>): Promise<void>;
}

function usage(message: string): AppError {
  return new AppError('validation', message);
}

/** `--timeout SECONDS` as milliseconds for the client (default: the client's own 15 s). */
export function parseTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw usage(`--timeout must be a number of seconds between 0 and 600 (got "${raw}").`);
  }
  return Math.round(seconds * 1000);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The certificates `--ca-file` / WEBHOOK_TRAY_CA_FILE adds to the bundled roots; a bad file is a usage error. */
export function caFileTrust(globals: GlobalOptions, env: NodeJS.ProcessEnv): TrustSource {
  const flag = nonEmpty(globals.caFile);
  const path = flag ?? nonEmpty(env.WEBHOOK_TRAY_CA_FILE);
  const where = flag === undefined ? 'WEBHOOK_TRAY_CA_FILE' : '--ca-file';
  const ca = cliCertificates(path === undefined ? undefined : resolve(path), where, env);
  return () => ca;
}

/** Credentials from the flags and the environment; key and secret come from the environment only. */
function credentialsFromEnvironment(globals: GlobalOptions, env: NodeJS.ProcessEnv): Credentials {
  const baseUrl = nonEmpty(globals.baseUrl) ?? nonEmpty(env.WEBHOOK_TRAY_BASE_URL) ?? DEFAULT_BASE_URL;
  const account = nonEmpty(globals.account) ?? nonEmpty(env.WEBHOOK_TRAY_ACCOUNT);
  const apiKey = nonEmpty(env.WEBHOOK_TRAY_API_KEY);
  const apiSecret = nonEmpty(env.WEBHOOK_TRAY_API_SECRET);
  const missing = [
    account === undefined ? '--account (or WEBHOOK_TRAY_ACCOUNT)' : null,
    apiKey === undefined ? 'WEBHOOK_TRAY_API_KEY' : null,
    apiSecret === undefined ? 'WEBHOOK_TRAY_API_SECRET' : null,
  ].filter((item) => item !== null);
  if (account === undefined || apiKey === undefined || apiSecret === undefined) {
    throw usage(
      `Missing credentials: set ${missing.join(', ')}, or use --profile NAME with a profile saved by \`profile add\`. ` +
        'The API key and secret are read from the environment only, never from flags.',
    );
  }
  // Trimmed: a space pasted after the URL passes the URL parser but would be sent as part of it.
  return {
    baseUrl: baseUrl.trim().replace(/\/+$/, ''),
    account: account.trim(),
    apiKey: apiKey.trim(),
    apiSecret,
  };
}

/** Builds the CliContext of this process. */
export function createCliContext(
  env: NodeJS.ProcessEnv = process.env,
  streams: Pick<CliContext, 'stdin' | 'stdout' | 'stderr'> = process,
): CliContext {
  let profileService: ProfileService | null = null;

  function openProfiles(output: Output): ProfileService {
    if (profileService === null) {
      profileService = createProfileService();
      for (const warning of profileService.warnings()) output.warn(warning.message);
    }
    return profileService;
  }

  async function resolveCredentials(
    globals: GlobalOptions,
    output: Output,
    profileName: string | undefined,
  ): Promise<Credentials> {
    if (profileName !== undefined) {
      if (globals.baseUrl !== undefined || globals.account !== undefined) {
        throw usage('A profile supplies the base URL and account: drop --base-url and --account.');
      }
      const service = openProfiles(output);
      try {
        service.require(profileName);
      } catch (error) {
        // An unknown profile name is invalid input: exit 2, nothing sent.
        const appError = toAppError(error);
        throw appError.kind === 'not-found' ? usage(appError.message) : appError;
      }
      return service.credentials(profileName);
    }
    const credentials = credentialsFromEnvironment(globals, env);
    const problem = baseUrlProblem(credentials.baseUrl);
    if (problem !== null) throw usage(`Base URL ${problem}.`);
    return credentials;
  }

  return {
    env,
    ...streams,
    async run(command, action) {
      const globals = command.optsWithGlobals<GlobalOptions>();
      // watch prints one JSON object per line: its error document is one line too.
      const output = createOutput(globals.json === true, streams, { compact: command.name() === 'watch' });
      const interactive = streams.stdin.isTTY === true && streams.stderr.isTTY === true;
      const retries = createRetryReport((line) => output.message(line), globals.verbose === true);
      let source: CredentialSource = { type: 'environment' };
      let baseUrl: string | null = null;
      let actor: { profileId: string; account: string; apiHost: string } | null = null;
      let trust: TrustSource | null = null;
      const trusted = (): TrustSource => (trust ??= caFileTrust(globals, env));
      function signedClient(credentials: Credentials, tuning: ClientTuning = {}): CalypsoClient {
        const timeoutMs = parseTimeout(globals.timeout);
        baseUrl = credentials.baseUrl;
        const client = createCalypsoClient(credentials, {
          ...tuning,
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
          log: (line) => retries.log(line),
          trust: trusted(),
        });
        return retries.watch(client);
      }
      const run: CommandRun = {
        output,
        globals,
        env,
        interactive,
        stdin: streams.stdin,
        async client(profileName, tuning) {
          // A bad --timeout or --ca-file is a usage error before the keychain is read.
          parseTimeout(globals.timeout);
          trusted();
          const name = profileName ?? globals.profile;
          const credentials = await resolveCredentials(globals, output, name);
          const profile = name === undefined ? null : run.profiles().require(name);
          if (profile !== null) source = { type: 'profile', name: profile.name };
          actor = {
            profileId: profile?.id ?? ENVIRONMENT_PROFILE_ID,
            account: credentials.account,
            apiHost: apiHostOf(credentials.baseUrl),
          };
          const warning = accountIdWarning(credentials.account);
          if (warning !== null) output.warn(warning);
          return signedClient(credentials, tuning);
        },
        actor: () => actor,
        clientFor(credentials, tuning) {
          source = { type: 'profile-add' };
          return signedClient(credentials, tuning);
        },
        dashboardUrl: () => dashboardUrlFor(baseUrl),
        accountBaseUrl: () => baseUrl,
        errorInfo(error) {
          const info = toAppError(error).toInfo();
          return { ...info, message: inCliTerms(info.message, source) };
        },
        profiles: () => openProfiles(output),
        ensureConfirmable(question, yes) {
          if (yes !== true && !interactive) {
            throw usage(`${question} Not a terminal, so no one can confirm: pass --yes to go ahead.`);
          }
        },
        async confirm(question, yes) {
          run.ensureConfirmable(question, yes);
          if (yes === true) return;
          if (!(await askConfirmation(question, streams.stdin, streams.stderr))) {
            throw new AppError('cancelled', 'Cancelled: nothing was changed.');
          }
        },
      };
      try {
        await action(run);
      } catch (error) {
        const appError = toAppError(error);
        if (appError.kind === 'cancelled') output.cancelled(appError.message);
        else output.error(run.errorInfo(appError));
        process.exitCode = exitCodeFor(appError.kind);
      } finally {
        profileService?.close();
        profileService = null;
      }
    },
  };
}
