import { Option, type Command } from 'commander';
import type { ChannelEdit } from '../../core/api';
import { AppError, toAppError } from '../../common/errors';
import { recordActivity } from '../activity-record';
import { channelDetails, channelForOutput } from '../channel-format';
import { subscriptionNotFound } from '../cli-terms';
import type { CliContext } from '../context';
import { collect } from '../option-parsers';
import { examples } from '../program';
import { ALLOW_UNKNOWN_EVENT_HELP, checkTypes, checkWebhookUrl } from '../subscription-input';

interface ChangeOptions {
  id: string;
  url?: string;
  event: string[];
  service: string[];
  enable?: boolean;
  disable?: boolean;
  allowInsecureUrl?: boolean;
  allowUnknownEvent?: boolean;
}

/**
 * `change --id REQUEST_ID [--url URL] [--event TYPE]... [--service GROUP]... [--enable | --disable]
 *  [--allow-insecure-url] [--allow-unknown-event]`
 */
export function registerChangeCommand(program: Command, ctx: CliContext): void {
  program
    .command('change')
    .description('change a subscription (given lists replace the current ones; the rest is kept)')
    .requiredOption('--id <requestId>', 'the subscription to change')
    .option('--url <url>', 'a new delivery URL (https; http only for loopback)')
    .option(
      '--event <type>',
      'event types to subscribe to, replacing the current list (repeatable)',
      collect,
      [],
    )
    .option('--service <group>', 'service groups, replacing the current list (repeatable)', collect, [])
    .addOption(
      new Option(
        '--enable',
        'enable the subscription (a blocked one is unblocked in the Calypso dashboard only)',
      ).conflicts('disable'),
    )
    .addOption(new Option('--disable', 'disable the subscription').conflicts('enable'))
    .option('--allow-insecure-url', 'accept a plain http --url to a non-loopback host')
    .option('--allow-unknown-event', ALLOW_UNKNOWN_EVENT_HELP)
    .addHelpText(
      'after',
      examples(
        'change --id REQUEST_ID --disable',
        'change --id REQUEST_ID --url https://shop.example/new-hooks',
        'change --id REQUEST_ID --event INVOICE_PAID --event PAYOUT_CONFIRMED',
      ),
    )
    .action((options: ChangeOptions, command: Command) =>
      ctx.run(command, async (run) => {
        const edit: ChannelEdit = {};
        if (options.url !== undefined) {
          checkWebhookUrl(options.url, options.allowInsecureUrl === true);
          edit.url = options.url;
        }
        if (options.event.length > 0) edit.notificationEventTypes = options.event;
        if (options.service.length > 0) edit.notificationServiceTypes = options.service;
        if (options.enable === true) edit.enabled = true;
        if (options.disable === true) edit.enabled = false;
        if (Object.keys(edit).length === 0) {
          throw new AppError(
            'validation',
            'Nothing to change: give --url, --event, --service, --enable or --disable.',
          );
        }
        // Only what was typed: the types carried over from the subscription are Calypso's own.
        checkTypes(run.output, options.event, options.service, options.allowUnknownEvent === true);
        const client = await run.client();
        const at = new Date().toISOString();
        const channel = await client.change(options.id, edit).catch((error: unknown) => {
          const appError = toAppError(error);
          throw appError.kind === 'not-found' ? subscriptionNotFound(options.id) : appError;
        });
        // The URL before is not known here: the app fills it in from the poll that sees the change.
        if (edit.url !== undefined)
          recordActivity(run, { at, requestId: channel.requestId, action: 'url-changed', url: edit.url });
        if (edit.enabled !== undefined) {
          recordActivity(run, {
            at,
            requestId: channel.requestId,
            action: edit.enabled ? 'enabled' : 'disabled',
          });
        }
        run.output.document({ subscription: channelForOutput(channel, false) });
        run.output.message(`Changed subscription ${channel.requestId}.`);
        // INFERRED: Calypso's change answer carries the block, as the sandbox's does; no API call lifts it.
        if (options.enable === true && channel.blockedByErrorCount) {
          run.output.warn(
            `subscription ${channel.requestId} is still blocked: Calypso blocked it after repeated failed deliveries, and --enable does not lift a block. Only the Calypso dashboard unblocks it (${run.dashboardUrl()}, Developers > Webhooks); fix the receiver first, since unblocking resends the missed webhooks.`,
          );
        }
        run.output.result(channelDetails(channel, false));
      }),
    );
}
