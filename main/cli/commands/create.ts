import type { Command } from 'commander';
import { AppError } from '../../common/errors';
import { channelDetails, channelForOutput } from '../channel-format';
import type { CliContext } from '../context';
import { collect } from '../option-parsers';
import { checkWebhookUrl, warnUnknownTypes } from '../subscription-input';

interface CreateOptions {
  url: string;
  event: string[];
  service: string[];
  allowInsecureUrl?: boolean;
}

/** `create --url URL [--event TYPE]... [--service GROUP]... [--allow-insecure-url]` */
export function registerCreateCommand(program: Command, ctx: CliContext): void {
  program
    .command('create')
    .description('create a webhook subscription')
    .requiredOption('--url <url>', 'where Calypso delivers the webhooks (https; http only for loopback)')
    .option('--event <type>', 'an event type, e.g. INVOICE_PAID (repeatable)', collect, [])
    .option('--service <group>', 'a service group, e.g. INVOICE (repeatable)', collect, [])
    .option('--allow-insecure-url', 'accept a plain http URL to a non-loopback host')
    .action((options: CreateOptions, command: Command) =>
      ctx.run(command, async (run) => {
        checkWebhookUrl(options.url, options.allowInsecureUrl === true);
        if (options.event.length === 0 && options.service.length === 0) {
          throw new AppError(
            'validation',
            'Give at least one --event TYPE (e.g. INVOICE_PAID) or --service GROUP (e.g. INVOICE).',
          );
        }
        warnUnknownTypes(run.output, options.event, options.service);
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
