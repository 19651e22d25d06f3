import type { Command } from 'commander';
import { parseNewProfile } from '../../core/accounts';
import { KEYCHAIN_SERVICE, type NewProfileWithSecret, type Profile } from '../../core/accounts';
import { accountIdWarning } from '../../core/api';
import { AppError, toAppError } from '../../common/errors';
import type { CliContext, CommandRun } from '../context';
import { counted } from '../output';
import { examples } from '../program';
import { promptForSecret, readSecretFromStdin } from '../secret-input';
import { formatTable } from '../table';

interface AddOptions {
  name?: string;
  apiKey?: string;
  secretStdin?: boolean;
  verify: boolean;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') {
    throw new AppError('validation', `profile add needs ${flag}.`);
  }
  return value;
}

/** The secret from piped stdin with --secret-stdin, else a hidden prompt; never from a flag. */
async function readSecret(
  run: CommandRun,
  name: string,
  fromStdin: boolean,
  stderr: NodeJS.WritableStream,
): Promise<string> {
  // On a terminal, stdin would echo the secret as it is typed: ask with the hidden prompt instead.
  if (fromStdin && run.interactive) {
    return promptForSecret(`API secret for "${name}":`, run.stdin, stderr);
  }
  if (fromStdin) return readSecretFromStdin(run.stdin);
  if (!run.interactive) {
    throw new AppError(
      'validation',
      'No terminal to ask for the API secret: pipe it in with --secret-stdin (it is never accepted as a flag).',
    );
  }
  return promptForSecret(`API secret for "${name}":`, run.stdin, stderr);
}

/**
 * `--profile` picks the account of an API command; a profile command names its profile itself, so
 * a `--profile` there would be silently ignored: refuse it instead (exit 2).
 */
function refuseProfileOption(run: CommandRun): void {
  if (run.globals.profile !== undefined) {
    throw new AppError(
      'validation',
      '--profile does not apply to profile commands: give the profile name as the argument (e.g. `profile test NAME`).',
    );
  }
}

/** Help for every profile command: which global options apply there, and which do not. */
const PROFILE_OPTIONS_NOTE = `
--profile is refused by profile commands (remove and test take the profile name as their argument).
--json prints the result as one JSON document.`;

/** `profile add` reads the base URL and account from its flags only, never from the environment. */
const ADD_OPTIONS_NOTE = `
Also required, from the flags only (WEBHOOK_TRAY_BASE_URL, WEBHOOK_TRAY_ACCOUNT and
WEBHOOK_TRAY_API_KEY/_API_SECRET are not read by profile add):
  --base-url <url>  the Calypso API base URL, e.g. https://api.calypso.finance
  --account <id>    the merchant account id
${PROFILE_OPTIONS_NOTE.trim()}

Examples:
  $ webhook-tray profile add --name Live --base-url https://api.calypso.finance \\
      --account 0x... --api-key KEY      (then type the secret at the hidden prompt)
  $ printf %s "$SECRET" | webhook-tray profile add --name Live \\
      --base-url https://api.calypso.finance --account 0x... --api-key KEY --secret-stdin`;

/**
 * One signed list call with the new profile's credentials, as the app does before saving: a profile
 * that cannot work is not saved. A failure keeps its kind (exit 3 for refused credentials).
 */
async function testConnection(run: CommandRun, fields: NewProfileWithSecret): Promise<void> {
  const { baseUrl, account, apiKey, apiSecret } = fields;
  try {
    const channels = await run.clientFor({ baseUrl, account, apiKey, apiSecret }).list();
    run.output.message(`Connection tested: ${counted(channels.length, 'subscription')} at ${baseUrl}.`);
  } catch (error) {
    const appError = toAppError(error);
    throw new AppError(
      appError.kind,
      `${appError.message} The profile was not saved; to save it without testing the connection, pass --no-verify.`,
      { ...appError.toInfo(), cause: appError },
    );
  }
}

/** A profile name resolved for `remove` and `test`; an unknown name is a usage error (exit 2). */
function requireProfile(run: CommandRun, name: string): Profile {
  try {
    return run.profiles().require(name);
  } catch (error) {
    const appError = toAppError(error);
    throw appError.kind === 'not-found' ? new AppError('validation', appError.message) : appError;
  }
}

/**
 * `profile add|list|remove|test`: saved accounts. A profile's settings live in settings.json in the
 * config folder, its API secret only in the OS keychain.
 */
export function registerProfileCommands(program: Command, ctx: CliContext): void {
  const profile = program
    .command('profile')
    .description('manage saved accounts (secrets in the OS keychain); use one with --profile NAME')
    .addHelpText(
      'after',
      examples(
        'profile add --name Live --base-url https://api.calypso.finance --account 0x... --api-key KEY',
        'profile list',
        '--profile Live list',
      ),
    );

  profile
    .command('add')
    .description(
      'save an account: --name NAME --base-url URL --account ID --api-key KEY (all four flags required; the environment is not read); the secret is asked for on the terminal, or read from stdin with --secret-stdin; the connection is tested before saving',
    )
    .option('--name <name>', 'a display name, unique among profiles')
    .option('--api-key <key>', 'the API key from the Calypso dashboard')
    .option('--secret-stdin', 'read the API secret from stdin instead of a hidden prompt')
    .option('--no-verify', 'save without testing the connection first (one signed list call)')
    // The global options' help names their environment variables, which profile add ignores.
    .configureHelp({ showGlobalOptions: false })
    .addHelpText('after', ADD_OPTIONS_NOTE)
    .action((options: AddOptions, command: Command) =>
      ctx.run(command, async (run) => {
        refuseProfileOption(run);
        const name = required(options.name, '--name NAME');
        const baseUrl = required(run.globals.baseUrl, '--base-url URL (e.g. https://api.calypso.finance)');
        const account = required(run.globals.account, '--account ID');
        const apiKey = required(options.apiKey, '--api-key KEY');
        // Before the secret is asked for: a name that cannot be saved must not cost the typing.
        if (run.profiles().get(name.trim()) !== null) {
          throw new AppError(
            'validation',
            `A profile named "${name.trim()}" already exists: choose another --name, or remove it first with \`webhook-tray profile remove\`.`,
          );
        }
        const apiSecret = await readSecret(run, name, options.secretStdin === true, ctx.stderr);
        const warning = accountIdWarning(account);
        if (warning !== null) run.output.warn(warning);
        const fields = parseNewProfile({ name, baseUrl, account, apiKey, apiSecret });
        if (options.verify) await testConnection(run, fields);
        const added = await run.profiles().add(fields);
        run.output.document({ profile: added });
        run.output.message(
          `Added profile "${added.name}" (id ${added.id}); its API secret is in the OS keychain.`,
        );
      }),
    );

  profile
    .command('list')
    .description('list saved profiles (never their secrets)')
    .configureHelp({ showGlobalOptions: false })
    .addHelpText('after', `${PROFILE_OPTIONS_NOTE}\n${examples('profile list', 'profile list --json')}`)
    .action((_options: unknown, command: Command) =>
      ctx.run(command, async (run) => {
        refuseProfileOption(run);
        const profiles = run.profiles().list();
        run.output.document({ profiles });
        run.output.result(
          profiles.length === 0
            ? 'No profiles. Add one with: webhook-tray profile add --name NAME --base-url URL --account ID --api-key KEY'
            : formatTable(
                ['NAME', 'ID', 'ACCOUNT', 'BASE URL'],
                profiles.map((p) => [p.name, p.id, p.account, p.baseUrl]),
              ),
        );
      }),
    );

  profile
    .command('remove')
    .description('delete a profile and its keychain secret (asks first; --yes without a terminal)')
    .argument('<name>', 'profile name or id')
    .option('--yes', 'do not ask for confirmation')
    .option(
      '--keep-secret',
      'remove the profile only, leaving its API secret in the keychain (when the keychain cannot be reached)',
    )
    .configureHelp({ showGlobalOptions: false })
    .addHelpText(
      'after',
      `${PROFILE_OPTIONS_NOTE}\n${examples('profile remove Live', 'profile remove Live --yes')}`,
    )
    .action((name: string, options: { yes?: boolean; keepSecret?: boolean }, command: Command) =>
      ctx.run(command, async (run) => {
        refuseProfileOption(run);
        const target = requireProfile(run, name);
        const keepSecret = options.keepSecret === true;
        await run.confirm(
          keepSecret
            ? `Remove profile "${target.name}", leaving its API secret in the keychain?`
            : `Remove profile "${target.name}" and its API secret from the keychain?`,
          options.yes,
        );
        try {
          await run.profiles().remove(target.id, { keepSecret });
        } catch (error) {
          const appError = toAppError(error);
          if (appError.kind !== 'keychain') throw appError;
          throw new AppError(
            'keychain',
            `${appError.message} To remove the profile anyway, run it again with --keep-secret: its secret then stays in the keychain (service "${KEYCHAIN_SERVICE}", account "${target.id}") until you delete it there.`,
          );
        }
        run.output.document({ removed: target.id, secretKept: keepSecret });
        run.output.message(
          keepSecret
            ? `Removed profile "${target.name}"; its API secret is still in the keychain (service "${KEYCHAIN_SERVICE}", account "${target.id}").`
            : `Removed profile "${target.name}" and its keychain secret.`,
        );
      }),
    );

  profile
    .command('test')
    .description('check a profile with one signed list call (exit 3 when Calypso rejects the credentials)')
    .argument('<name>', 'profile name or id')
    .configureHelp({ showGlobalOptions: false })
    .addHelpText(
      'after',
      `${PROFILE_OPTIONS_NOTE}\n${examples('profile test Live', 'profile test Live --json')}`,
    )
    .action((name: string, _options: unknown, command: Command) =>
      ctx.run(command, async (run) => {
        refuseProfileOption(run);
        const target = requireProfile(run, name);
        const client = await run.client(target.id);
        const channels = await client.list();
        const clockOffsetMs = Math.round(client.clockOffsetMs());
        run.output.document({ profile: target.id, subscriptions: channels.length, clockOffsetMs });
        run.output.result(
          `Profile "${target.name}" works: ${counted(channels.length, 'subscription')} at ${target.baseUrl}; server clock offset ${clockOffsetMs} ms.`,
        );
      }),
    );
}
