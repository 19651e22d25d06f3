import type { Command } from 'commander';
import { toAppError } from '../../common/errors';
import { subscriptionNotFound } from '../cli-terms';
import type { CliContext } from '../context';
import { examples } from '../program';

/** `delete --id REQUEST_ID [--yes]` */
export function registerDeleteCommand(program: Command, ctx: CliContext): void {
  program
    .command('delete')
    .description('delete a subscription (asks first; --yes is required without a terminal)')
    .requiredOption('--id <requestId>', 'the subscription to delete')
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', examples('delete --id REQUEST_ID', 'delete --id REQUEST_ID --yes --json'))
    .action((options: { id: string; yes?: boolean }, command: Command) =>
      ctx.run(command, async (run) => {
        run.ensureConfirmable(`Delete webhook subscription ${options.id}?`, options.yes);
        const client = await run.client();
        // Looked up first: the question names the URL, and a wrong id is reported as change reports it.
        const target = (await client.list()).find((channel) => channel.requestId === options.id);
        if (target === undefined) throw subscriptionNotFound(options.id);
        await run.confirm(
          `Delete webhook subscription ${options.id} (${target.url})? Calypso stops delivering to it.`,
          options.yes,
        );
        await client.delete(options.id).catch((error: unknown) => {
          const appError = toAppError(error);
          throw appError.kind === 'not-found' ? subscriptionNotFound(options.id) : appError;
        });
        run.output.document({ deleted: options.id });
        run.output.message(`Deleted subscription ${options.id} (${target.url}).`);
      }),
    );
}
