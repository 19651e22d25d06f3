import type { Command } from 'commander';
import type { Channel } from '../../core/api/channel';
import { toAppError, type ErrorInfo } from '../../common/errors';
import { classifyChannel } from '../../core/monitor/classify';
import type { ChannelHealth } from '../../core/monitor/types';
import type { CliContext } from '../context';
import { STATUS_EXIT, type StatusState } from '../exit-codes';
import { errorDocument, type Output } from '../output';

interface StatusChannel {
  requestId: string;
  url: string;
  health: ChannelHealth;
  errorCount: number;
  errorFirstDate: string | null;
  errorLastDate: string | null;
  enabled: boolean;
  blockedByErrorCount: boolean;
}

function statusChannel(channel: Channel): StatusChannel {
  return {
    requestId: channel.requestId,
    url: channel.url,
    health: classifyChannel(channel),
    errorCount: channel.errorCount,
    errorFirstDate: channel.errorFirstDate,
    errorLastDate: channel.errorLastDate,
    enabled: channel.enabled,
    blockedByErrorCount: channel.blockedByErrorCount,
  };
}

/** Critical when a channel is blocked or disabled, or when there is none (no webhook arrives at all). */
function stateOf(channels: StatusChannel[]): StatusState {
  if (channels.length === 0) return 'critical';
  if (channels.some((c) => c.health === 'blocked' || c.health === 'disabled')) return 'critical';
  if (channels.some((c) => c.health === 'failing')) return 'warning';
  return 'ok';
}

/** `WEBHOOK CRITICAL - 1 blocked, 0 failing, 2 healthy` (plus `, N disabled` when there are any). */
function summaryLine(state: StatusState, channels: StatusChannel[]): string {
  const count = (health: ChannelHealth) => channels.filter((c) => c.health === health).length;
  const head = `WEBHOOK ${state.toUpperCase()} - `;
  if (channels.length === 0) return `${head}no webhook subscriptions`;
  const disabled = count('disabled');
  return (
    `${head}${count('blocked')} blocked, ${count('failing')} failing, ${count('healthy')} healthy` +
    (disabled > 0 ? `, ${disabled} disabled` : '')
  );
}

function detailLine(channel: StatusChannel): string {
  const errors =
    channel.errorCount > 0
      ? ` (${channel.errorCount} errors, last ${channel.errorLastDate ?? 'unknown'})`
      : '';
  return `${channel.health}: ${channel.url}${errors} [${channel.requestId}]`;
}

/**
 * Any `status` error, usage errors included, the monitoring-plugin way: an UNKNOWN first line (or
 * the unknown document with --json) and exit 3. `onStderrAlready`: commander printed the message.
 */
export function reportStatusUnknown(output: Output, info: ErrorInfo, onStderrAlready = false): void {
  output.document({ state: 'unknown', channels: [], ...errorDocument(info) });
  output.result(`WEBHOOK UNKNOWN - ${info.message}`);
  if (output.json && !onStderrAlready) output.message(`error: ${info.message}`);
  process.exitCode = STATUS_EXIT.unknown;
}

/**
 * `status`: a monitoring-plugin check (Nagios, Icinga...). Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN;
 * any error, invalid input included, is UNKNOWN as the convention requires.
 */
export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description(
      'check subscription health like a monitoring plugin (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)',
    )
    .action((_options: unknown, command: Command) =>
      ctx.run(command, async (run) => {
        let channels: StatusChannel[];
        try {
          channels = (await (await run.client()).list()).map(statusChannel);
        } catch (error) {
          reportStatusUnknown(run.output, toAppError(error).toInfo());
          return;
        }
        const state = stateOf(channels);
        run.output.document({ state, channels });
        const problems = channels.filter((c) => c.health !== 'healthy');
        run.output.result([summaryLine(state, channels), ...problems.map(detailLine)].join('\n'));
        process.exitCode = STATUS_EXIT[state];
      }),
    );
}
