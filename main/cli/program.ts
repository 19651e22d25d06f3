import { Command, Help } from 'commander';
import { version } from '../../package.json';
import type { CliContext } from './context';

/** Every command file exports one of these (one function per file); index.ts lists them. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

const HELP_FOOTER = `
Credentials: --profile NAME (a saved profile, secret from the OS keychain), or else
  --base-url / WEBHOOK_TRAY_BASE_URL (default https://api.calypso.finance),
  --account / WEBHOOK_TRAY_ACCOUNT, and WEBHOOK_TRAY_API_KEY, WEBHOOK_TRAY_API_SECRET
  (the key and secret are read from the environment only, never from flags).

Certificates: Node's bundled roots and NODE_EXTRA_CA_CERTS; --ca-file adds a CA to them.

Exit codes: 0 success (a declined confirmation too), 1 API, network or keychain failure,
  2 usage or invalid input (nothing sent), 3 authentication rejected.
  status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.

Monitoring many accounts: \`exporter\` serves the health of saved profiles or of an accounts
  file as Prometheus metrics (http://127.0.0.1:9464/metrics); see \`webhook-tray exporter --help\`.

Config folder: WEBHOOK_TRAY_CONFIG_DIR, else the platform's (e.g. ~/.config/webhook-tray).`;

/** A command's `--help` ends with these command lines, each prefixed with `$ webhook-tray `. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ webhook-tray ${line}`).join('\n')}`;
}

/**
 * commander lists a command's subcommands after its options and the global options: what the
 * command can do comes first here, then the options that tune it.
 */
export function commandsBeforeOptions(text: string): string {
  const sections = text.trimEnd().split('\n\n');
  const commands = sections.findIndex((section) => section.startsWith('Commands:'));
  const options = sections.findIndex((section) => /^(Global )?Options:/.test(section));
  if (commands < 0 || options < 0 || commands < options) return text;
  const [moved] = sections.splice(commands, 1);
  sections.splice(options, 0, moved!);
  return `${sections.join('\n\n')}\n`;
}

/** The help settings of every command; a command that changes one spreads this first. */
export const HELP_SETTINGS: Partial<Help> = {
  showGlobalOptions: true,
  formatHelp: (cmd, helper) => commandsBeforeOptions(Help.prototype.formatHelp.call(helper, cmd, helper)),
};

/**
 * The program with its global options. Usage errors do not exit from inside commander
 * (`exitOverride`): the caller maps them to exit code 2.
 */
export function createProgram(ctx: CliContext, commands: readonly RegisterCommand[]): Command {
  const program = new Command('webhook-tray')
    .description('Manage and check Calypso Pay webhook subscriptions.')
    .version(version)
    .option('--base-url <url>', 'Calypso API base URL (env WEBHOOK_TRAY_BASE_URL)')
    .option('--account <id>', 'merchant account id (env WEBHOOK_TRAY_ACCOUNT)')
    .option('--profile <name>', 'use a saved profile instead of the environment')
    .option('--json', 'print one JSON document on stdout (watch: one JSON object per line)')
    .option('--timeout <seconds>', 'API request timeout in seconds (default: 15)')
    .option(
      '--ca-file <path>',
      'also trust the CA certificates of this PEM file, e.g. the HTTPS-inspecting proxy of your network (env WEBHOOK_TRAY_CA_FILE)',
    )
    .option('--verbose', 'print every retry of an API request (otherwise the first of an outage only)')
    .configureHelp(HELP_SETTINGS)
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `${HELP_FOOTER}\n${examples('sandbox --seed demo', 'list', 'status', '--profile Live watch', 'exporter --all-profiles')}`,
    )
    .configureOutput({
      writeOut: (text: string) => ctx.stdout.write(text),
      writeErr: (text: string) => ctx.stderr.write(text),
    })
    // Set before the commands are added, so each of them inherits it.
    .exitOverride();
  for (const register of commands) register(program, ctx);
  return program;
}
