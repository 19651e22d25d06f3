import type { Command } from 'commander';
import { channelDetails, channelForOutput } from '../channel-format';
import type { CliContext } from '../context';
import { examples } from '../program';

/** `regenerate-keys [--yes] [--show-secrets]` */
export function registerRegenerateKeysCommand(program: Command, ctx: CliContext): void {
  program
    .command('regenerate-keys')
    .description('regenerate the keys that sign webhook deliveries (asks first; --yes without a terminal)')
    .option('--yes', 'do not ask for confirmation')
    .option('--show-secrets', 'print the new secretKey in full (masked to its last 4 characters otherwise)')
    .addHelpText('after', examples('regenerate-keys', 'regenerate-keys --yes --show-secrets --json'))
    .action((options: { yes?: boolean; showSecrets?: boolean }, command: Command) =>
      ctx.run(command, async (run) => {
        const showSecrets = options.showSecrets === true;
        const client = await run.client();
        await run.confirm(
          'Regenerate the webhook signing keys? Receivers that verify the old secretKey will reject deliveries until you update them.',
          options.yes,
        );
        const channel = await client.regenerateKeys();
        run.output.document({ subscription: channelForOutput(channel, showSecrets) });
        run.output.message(
          'Regenerated the webhook signing keys. Update your receivers with the new secretKey.',
        );
        run.output.result(channelDetails(channel, showSecrets));
      }),
    );
}
