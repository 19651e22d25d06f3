import type { Command } from 'commander';
import { AppError } from '../../common/errors';
import { channelDetails, channelForOutput } from '../channel-format';
import type { CliContext } from '../context';
import { collect } from '../option-parsers';
import { examples } from '../program';
import { ALLOW_UNKNOWN_EVENT_HELP, checkTypes, checkWebhookUrl } from '../subscription-input';

interface CreateOptions {
  url: string;
  event: string[];
  service: string[];
  allowInsecureUrl?: boolean;
  allowUnknownEvent?: boolean;
}

/**
 * `create --url URL [--event TYPE]... [--service GROUP]... [--allow-insecure-url]
 *  [--allow-unknown-event]`
 */
export function registerCreateCommand(program: Command, ctx: CliContext): void {
  program
    .command('create')
    .description('create a webhook subscription')
    .requiredOption('--url <url>', 'where Calypso delivers the webhooks (https; http only for loopback)')
    .option('--event <type>', 'an event type, e.g. INVOICE_PAID (repeatable)', collect, [])
    .option('--service <group>', 'a service group, e.g. INVOICE (repeatable)', collect, [])
    .option('--allow-insecure-url', 'accept a plain http URL to a non-loopback host')
    .option('--allow-unknown-event', ALLOW_UNKNOWN_EVENT_HELP)
    .addHelpText(
      'after',
      examples(
        'create --url https://shop.example/hooks --event INVOICE_PAID --event INVOICE_EXPIRED',
        'create --url https://shop.example/payouts --service PAYOUT',
      ),
    )
    .action((options: CreateOptions, command: Command) =>
      ctx.run(command, async (run) => {
        checkWebhookUrl(options.url, options.allowInsecureUrl === true);
        if (options.event.length === 0 && options.service.length === 0) {
          throw new AppError(
            'validation',
            'Give at least one --event TYPE (e.g. INVOICE_PAID) or --service GROUP (e.g. INVOICE).',
          );
        }
        checkTypes(run.output, options.event, options.service, options.allowUnknownEvent === true);
        const client = await run.client();
        const channel = await client.create({
          url: options.url,
          notificationEventTypes: options.event,
          notificationServiceTypes: options.service,
        });
        run.output.document({ subscription: channelForOutput(channel, false) });
        run.output.message(`Created subscription ${channel.requestId}.`);
        run.output.result(channelDetails(channel, false));
      }),
    );
}
