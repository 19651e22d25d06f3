import type { Command } from 'commander';
import { channelForOutput, channelTable } from '../channel-format';
import type { CliContext } from '../context';

/** `list [--show-secrets]`: every subscription with its health. */
export function registerListCommand(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list the webhook subscriptions with their health')
    .option('--show-secrets', 'print each secretKey in full (masked to its last 4 characters otherwise)')
    .action((options: { showSecrets?: boolean }, command: Command) =>
      ctx.run(command, async (run) => {
        const showSecrets = options.showSecrets === true;
        const channels = await (await run.client()).list();
        run.output.document({ subscriptions: channels.map((c) => channelForOutput(c, showSecrets)) });
        run.output.result(channelTable(channels, showSecrets));
      }),
    );
}
