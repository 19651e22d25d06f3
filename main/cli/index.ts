#!/usr/bin/env node
import { CommanderError } from 'commander';
import { registerChangeCommand } from './commands/change';
import { registerCreateCommand } from './commands/create';
import { registerDeleteCommand } from './commands/delete';
import { registerListCommand } from './commands/list';
import { registerProfileCommands } from './commands/profile';
import { registerRegenerateKeysCommand } from './commands/regenerate-keys';
import { registerSandboxCommand } from './commands/sandbox';
import { registerStatusCommand } from './commands/status';
import { registerWatchCommand } from './commands/watch';
import { createCliContext } from './context';
import { EXIT } from './exit-codes';
import { errorDocument } from './output';
import { createProgram, type RegisterCommand } from './program';

/** One line per command file, in the order `--help` lists them. */
const COMMANDS: RegisterCommand[] = [
  registerListCommand,
  registerStatusCommand,
  registerWatchCommand,
  registerCreateCommand,
  registerChangeCommand,
  registerDeleteCommand,
  registerRegenerateKeysCommand,
  registerSandboxCommand,
  registerProfileCommands,
];

async function main(argv: string[]): Promise<void> {
  const ctx = createCliContext();
  const program = createProgram(ctx, COMMANDS);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version end here with exit code 0; every other commander error is a usage error,
    // already printed on stderr by commander.
    if (error.exitCode === 0) return;
    if (argv.includes('--json')) {
      const message = error.message.replace(/^error: /, '');
      ctx.stdout.write(`${JSON.stringify(errorDocument({ kind: 'validation', message }), null, 2)}\n`);
    }
    process.exitCode = EXIT.usage;
  }
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(
    `webhook-tray: unexpected failure: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = EXIT.failure;
});
