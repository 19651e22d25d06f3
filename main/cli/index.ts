#!/usr/bin/env node
import { CommanderError } from 'commander';
import { registerChangeCommand } from './commands/change';
import { registerCreateCommand } from './commands/create';
import { registerDeleteCommand } from './commands/delete';
import { registerDiagnoseCommand, reportDiagnoseFailure } from './commands/diagnose';
import { registerExporterCommand } from './commands/exporter';
import { registerListCommand } from './commands/list';
import { registerProfileCommands } from './commands/profile';
import { registerRegenerateKeysCommand } from './commands/regenerate-keys';
import { registerSandboxCommand } from './commands/sandbox';
import { registerStatusCommand, reportStatusUnknown } from './commands/status';
import { registerWatchCommand } from './commands/watch';
import { createCliContext } from './context';
import { EXIT } from './exit-codes';
import { createOutput, errorDocument } from './output';
import { createProgram, type RegisterCommand } from './program';

/** One line per command file, in the order `--help` lists them. */
const COMMANDS: RegisterCommand[] = [
  registerListCommand,
  registerStatusCommand,
  registerWatchCommand,
  registerExporterCommand,
  registerDiagnoseCommand,
  registerCreateCommand,
  registerChangeCommand,
  registerDeleteCommand,
  registerRegenerateKeysCommand,
  registerSandboxCommand,
  registerProfileCommands,
];

/** Global options that take a value, so that value is not mistaken for the command. */
const GLOBAL_VALUE_OPTIONS = new Set(['--base-url', '--account', '--profile', '--timeout']);

/**
 * The command a command line names (its first operand), read from argv because a usage error can
 * stop commander before it picks the command.
 */
function commandWord(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    if (!arg.startsWith('-')) return arg;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) i++;
  }
  return undefined;
}

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
    const message = error.message.replace(/^error: /, '');
    const json = argv.includes('--json');
    if (commandWord(argv) === 'status') {
      // A monitoring system must read a mistyped check as UNKNOWN (3), never as CRITICAL (2).
      reportStatusUnknown(createOutput(json, ctx), { kind: 'validation', message }, true);
      return;
    }
    if (commandWord(argv) === 'diagnose') {
      // diagnose's exit 2 means "a problem found": a usage error is "could not diagnose" (3).
      reportDiagnoseFailure(createOutput(json, ctx), { kind: 'validation', message }, true);
      return;
    }
    if (json) {
      ctx.stdout.write(`${JSON.stringify(errorDocument({ kind: 'validation', message }), null, 2)}\n`);
    }
    process.exitCode = EXIT.usage;
  }
}

// A reader that stops early (`webhook-tray list | head`) closes the pipe: that is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/**
 * Ends the process once stdout and stderr have flushed. Every command is done when `main` settles
 * (`watch` and `sandbox` wait for their signal inside it), but a keychain call that timed out may
 * still hold the event loop: a monitoring check must end when it has answered, not hang.
 */
function exitWhenFlushed(): void {
  let pending = 2;
  const flushed = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(process.exitCode ?? 0);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

main(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(
      `webhook-tray: unexpected failure: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = EXIT.failure;
  })
  .finally(exitWhenFlushed);
