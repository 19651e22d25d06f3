import type { Command } from 'commander';
import type { CliContext } from '../context';

/** `delete --id REQUEST_ID [--yes]` */
export function registerDeleteCommand(program: Command, ctx: CliContext): void {
  program
    .command('delete')
    .description('delete a subscription (asks first; --yes is required without a terminal)')
    .requiredOption('--id <requestId>', 'the subscription to delete')
    .option('--yes', 'do not ask for confirmation')
    .action((options: { id: string; yes?: boolean }, command: Command) =>
      ctx.run(command, async (run) => {
        const client = await run.client();
        await run.confirm(
          `Delete webhook subscription ${options.id}? Calypso stops delivering to it.`,
          options.yes,
        );
        await client.delete(options.id);
        run.output.document({ deleted: options.id });
        run.output.message(`Deleted subscription ${options.id}.`);
      }),
    );
}
