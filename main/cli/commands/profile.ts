import type { Command } from 'commander';
import type { Profile } from '../../core/accounts/types';
import { accountIdWarning } from '../../core/api/request-validation';
import { AppError, toAppError } from '../../core/errors';
import type { CliContext, CommandRun } from '../context';
import { promptForSecret, readSecretFromStdin } from '../secret-input';
import { formatTable } from '../table';

interface AddOptions {
  name?: string;
  apiKey?: string;
  secretStdin?: boolean;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') {
    throw new AppError('validation', `profile add needs ${flag}.`);
  }
  return value;
}

/** The secret from stdin with --secret-stdin, else a hidden prompt; never from a flag. */
async function readSecret(
  run: CommandRun,
  name: string,
  fromStdin: boolean,
  stderr: NodeJS.WritableStream,
): Promise<string> {
  if (fromStdin) return readSecretFromStdin(run.stdin);
  if (!run.interactive) {
    throw new AppError(
      'validation',
      'No terminal to ask for the API secret: pipe it in with --secret-stdin (it is never accepted as a flag).',
    );
  }
  return promptForSecret(`API secret for "${name}":`, run.stdin, stderr);
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
    .description('manage saved accounts (secrets in the OS keychain); use one with --profile NAME');

  profile
    .command('add')
    .description(
      'save an account: --name NAME --base-url URL --account ID --api-key KEY; the secret is asked for on the terminal, or read from stdin with --secret-stdin',
    )
    .option('--name <name>', 'a display name, unique among profiles')
    .option('--api-key <key>', 'the API key from the Calypso dashboard')
    .option('--secret-stdin', 'read the API secret from stdin instead of a hidden prompt')
    .action((options: AddOptions, command: Command) =>
      ctx.run(command, async (run) => {
        const name = required(options.name, '--name NAME');
        const baseUrl = required(run.globals.baseUrl, '--base-url URL (e.g. https://api.calypso.finance)');
        const account = required(run.globals.account, '--account ID');
        const apiKey = required(options.apiKey, '--api-key KEY');
        const apiSecret = await readSecret(run, name, options.secretStdin === true, ctx.stderr);
        const warning = accountIdWarning(account);
        if (warning !== null) run.output.warn(warning);
        const added = await run.profiles().add({ name, baseUrl, account, apiKey, apiSecret });
        run.output.document({ profile: added });
        run.output.message(
          `Added profile "${added.name}" (id ${added.id}); its API secret is in the OS keychain.`,
        );
      }),
    );

  profile
    .command('list')
    .description('list saved profiles (never their secrets)')
    .action((_options: unknown, command: Command) =>
      ctx.run(command, async (run) => {
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
    .action((name: string, options: { yes?: boolean }, command: Command) =>
      ctx.run(command, async (run) => {
        const target = requireProfile(run, name);
        await run.confirm(
          `Remove profile "${target.name}" and its API secret from the keychain?`,
          options.yes,
        );
        await run.profiles().remove(target.id);
        run.output.document({ removed: target.id });
        run.output.message(`Removed profile "${target.name}" and its keychain secret.`);
      }),
    );

  profile
    .command('test')
    .description('check a profile with one signed list call (exit 3 when Calypso rejects the credentials)')
    .argument('<name>', 'profile name or id')
    .action((name: string, _options: unknown, command: Command) =>
      ctx.run(command, async (run) => {
        const target = requireProfile(run, name);
        const client = await run.client(target.id);
        const channels = await client.list();
        const clockOffsetMs = Math.round(client.clockOffsetMs());
        run.output.document({ profile: target.id, subscriptions: channels.length, clockOffsetMs });
        run.output.result(
          `Profile "${target.name}" works: ${channels.length} subscription(s) at ${target.baseUrl}; server clock offset ${clockOffsetMs} ms.`,
        );
      }),
    );
}
