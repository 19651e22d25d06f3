import type { Command } from 'commander';
import type { Channel } from '../../core/api';
import { toAppError } from '../../common/errors';
import { REGENERATE_RISK, REGENERATE_SCOPE, regeneratedListFailed } from '../../common/regenerate-keys';
import { recordActivity } from '../activity-record';
import { channelDetails, channelForOutput } from '../channel-format';
import type { CliContext } from '../context';
import { oneLine } from '../output';
import { examples } from '../program';

/** `regenerate-keys [--yes] [--show-secrets]` */
export function registerRegenerateKeysCommand(program: Command, ctx: CliContext): void {
  program
    .command('regenerate-keys')
    .description(
      'regenerate the keys that sign webhook deliveries, for every subscription of the account (asks first; --yes without a terminal)',
    )
    .option('--yes', 'do not ask for confirmation')
    .option(
      '--show-secrets',
      'print the new secretKeys in full (masked to their last 4 characters otherwise)',
    )
    .addHelpText('after', examples('regenerate-keys', 'regenerate-keys --yes --show-secrets --json'))
    .action((options: { yes?: boolean; showSecrets?: boolean }, command: Command) =>
      ctx.run(command, async (run) => {
        const showSecrets = options.showSecrets === true;
        const client = await run.client();
        await run.confirm(
          `Regenerate the webhook signing keys? ${REGENERATE_SCOPE} ${REGENERATE_RISK}`,
          options.yes,
        );
        const at = new Date().toISOString();
        const regenerated = await client.regenerateKeys();
        // Account-wide: Calypso regenerates the keys of every subscription at once.
        recordActivity(run, { at, requestId: null, action: 'keys-regenerated' });
        // The answer is one channel; the new keys of every subscription come from a list read after it.
        let channels: Channel[];
        let warning: string | undefined;
        try {
          channels = await client.list();
        } catch (error) {
          channels = [regenerated];
          warning = regeneratedListFailed(oneLine(run.errorInfo(toAppError(error)).message), 'Run `list`');
        }
        run.output.document({
          subscriptions: channels.map((channel) => channelForOutput(channel, showSecrets)),
          ...(warning === undefined ? {} : { warning }),
        });
        run.output.message(
          `Regenerated the webhook signing keys of ${channels.length === 1 ? '1 subscription' : `${channels.length} subscriptions`}${warning === undefined ? '' : ' (at least)'}. Update your receivers with the new secretKeys.`,
        );
        if (warning !== undefined) run.output.warn(warning);
        run.output.result(channels.map((channel) => channelDetails(channel, showSecrets)).join('\n\n'));
      }),
    );
}
