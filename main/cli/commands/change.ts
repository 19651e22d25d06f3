import { Option, type Command } from 'commander';
import type { ChannelEdit } from '../../core/api/channel';
import { AppError } from '../../common/errors';
import { channelDetails, channelForOutput } from '../channel-format';
import type { CliContext } from '../context';
import { collect } from '../option-parsers';
import { checkWebhookUrl, warnUnknownTypes } from '../subscription-input';

interface ChangeOptions {
  id: string;
  url?: string;
  event: string[];
  service: string[];
  enable?: boolean;
  disable?: boolean;
  allowInsecureUrl?: boolean;
}

/**
 * `change --id REQUEST_ID [--url URL] [--event TYPE]... [--service GROUP]... [--enable | --disable]
 *  [--allow-insecure-url]`
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
    .addOption(new Option('--enable', 'enable the subscription').conflicts('disable'))
    .addOption(new Option('--disable', 'disable the subscription').conflicts('enable'))
    .option('--allow-insecure-url', 'accept a plain http --url to a non-loopback host')
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
        warnUnknownTypes(run.output, options.event, options.service);
        const client = await run.client();
        const channel = await client.change(options.id, edit);
        run.output.document({ subscription: channelForOutput(channel, false) });
        run.output.message(`Changed subscription ${channel.requestId}.`);
        run.output.result(channelDetails(channel, false));
      }),
    );
}
