import type { Command } from 'commander';
import { classifyChannel } from '../../core/monitor';
import { channelForOutput } from '../channel-format';
import type { CliContext } from '../context';
import { listTable } from '../list-table';
import { examples } from '../program';
import { terminalInfo } from '../terminal';

/** `list [--show-secrets] [--wide]`: every subscription with its health. */
export function registerListCommand(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list the webhook subscriptions with their health')
    .option('--show-secrets', 'print each secretKey in full (masked to its last 4 characters otherwise)')
    .option('--wide', 'every column (events and services too), nothing shortened to fit the terminal')
    .addHelpText('after', examples('list', 'list --wide', 'list --json'))
    .action((options: { showSecrets?: boolean; wide?: boolean }, command: Command) =>
      ctx.run(command, async (run) => {
        const showSecrets = options.showSecrets === true;
        const channels = await (await run.client()).list();
        run.output.document({
          subscriptions: channels.map((c) => ({
            ...channelForOutput(c, showSecrets),
            health: classifyChannel(c),
          })),
        });
        run.output.result(
          listTable(channels, {
            showSecrets,
            wide: options.wide === true,
            terminal: terminalInfo(ctx.env, ctx.stdout),
          }),
        );
      }),
    );
}
