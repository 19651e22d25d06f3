import { Option, type Command } from 'commander';
import type { Channel } from '../../core/api';
import { CALYPSO_BLOCK_RULE, type BlockRule } from '../../core/forecast';
import type { ErrorInfo } from '../../common/errors';
import { classifyChannel } from '../../core/monitor';
import type { ChannelHealth } from '../../core/monitor';
import { causesOf } from '../activity-record';
import type { CliContext } from '../context';
import { STATUS_EXIT, type StatusState } from '../exit-codes';
import { counted, errorDocument, oneLine, type Output } from '../output';
import { integerIn } from '../option-parsers';
import { examples } from '../program';
import type { CertificateStatus } from '../../core/certificates';
import {
  certificateNote,
  checkCertificates,
  DEFAULT_CERT_WARN_DAYS,
  mayCheckPrivate,
} from '../status-certificates';
import { statusForecast } from '../status-forecast';

interface StatusChannel {
  requestId: string;
  url: string;
  health: ChannelHealth;
  errorCount: number;
  errorFirstDate: string | null;
  errorLastDate: string | null;
  enabled: boolean;
  blockedByErrorCount: boolean;
  predictedBlockAt: string | null;
  failuresPerMinute: number | null;
  eventLossAt: string | null;
  /** The receiver's certificate expiry; null when not https or the check got no certificate. */
  certificateExpiresAt: string | null;
}

interface Checked {
  channel: StatusChannel;
  note: string;
  critical: boolean;
  /** The certificate within --cert-warn-days, or null. */
  certificate: string | null;
}

function statusChannel(
  channel: Channel,
  rule: BlockRule,
  now: number,
  certificate: { status: CertificateStatus | undefined; warnDays: number },
): Checked {
  const health = classifyChannel(channel);
  const forecast = statusForecast(channel, health === 'failing', rule, now);
  return {
    channel: {
      requestId: channel.requestId,
      url: channel.url,
      health,
      errorCount: channel.errorCount,
      errorFirstDate: channel.errorFirstDate,
      errorLastDate: channel.errorLastDate,
      enabled: channel.enabled,
      blockedByErrorCount: channel.blockedByErrorCount,
      predictedBlockAt: forecast.predictedBlockAt,
      failuresPerMinute: forecast.failuresPerMinute,
      eventLossAt: forecast.eventLossAt,
      certificateExpiresAt: certificate.status?.expiresAt ?? null,
    },
    note: forecast.note,
    critical: forecast.critical,
    certificate: certificateNote(certificate.status, certificate.warnDays),
  };
}

/**
 * Critical when a channel is blocked or disabled, about to be blocked, or failing for over 24 hours,
 * or when there is none (no webhook arrives at all); a warning when one fails or its certificate
 * expires within --cert-warn-days.
 */
function stateOf(checked: Checked[]): StatusState {
  const channels = checked.map((c) => c.channel);
  if (channels.length === 0 || checked.some((c) => c.critical)) return 'critical';
  if (channels.some((c) => c.health === 'blocked' || c.health === 'disabled')) return 'critical';
  if (channels.some((c) => c.health === 'failing')) return 'warning';
  if (checked.some((c) => c.certificate !== null)) return 'warning';
  return 'ok';
}

/**
 * `WEBHOOK CRITICAL - 1 blocked, 0 failing, 2 healthy | healthy=2 failing=0 blocked=1 disabled=0`
 * (plus `, N disabled` when there are any): the plugin convention puts performance data after `|`.
 */
function summaryLine(state: StatusState, checked: Checked[]): string {
  const channels = checked.map((c) => c.channel);
  const count = (health: ChannelHealth) => channels.filter((c) => c.health === health).length;
  const expiring = checked.filter((c) => c.certificate !== null).length;
  const head = `WEBHOOK ${state.toUpperCase()} - `;
  const perfData = ` | healthy=${count('healthy')} failing=${count('failing')} blocked=${count('blocked')} disabled=${count('disabled')}`;
  if (channels.length === 0) return `${head}no webhook subscriptions${perfData}`;
  const disabled = count('disabled');
  return (
    `${head}${count('blocked')} blocked, ${count('failing')} failing, ${count('healthy')} healthy` +
    (disabled > 0 ? `, ${disabled} disabled` : '') +
    (expiring > 0 ? `, ${counted(expiring, 'certificate')} expiring` : '') +
    perfData
  );
}

function detailLine({ channel, note }: Checked): string {
  const errors =
    channel.errorCount > 0
      ? ` (${counted(channel.errorCount, 'error')}, last ${channel.errorLastDate ?? 'unknown'})`
      : '';
  return `${channel.health}: ${channel.url}${errors} [${channel.requestId}]${note === '' ? '' : ` - ${note}`}`;
}

function certificateLine({ channel, certificate }: Checked): string {
  return `certificate: ${channel.url} [${channel.requestId}] - ${certificate ?? ''}`;
}

/**
 * Any `status` error, usage errors included, the monitoring-plugin way: an UNKNOWN first line (or
 * the unknown document with --json) and exit 3. `onStderrAlready`: commander printed the message.
 */
export function reportStatusUnknown(output: Output, info: ErrorInfo, onStderrAlready = false): void {
  output.document({ state: 'unknown', channels: [], ...errorDocument(info) });
  // The first line is what a monitoring system shows: the message must not run onto a second one.
  output.result(`WEBHOOK UNKNOWN - ${oneLine(info.message)}`);
  if (output.json && !onStderrAlready) output.message(`error: ${oneLine(info.message)}`);
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
    .addOption(
      new Option(
        '--cert-warn-days <days>',
        "warn when a webhook receiver's certificate expires within this many days",
      )
        .argParser(integerIn(0, 3650))
        .default(DEFAULT_CERT_WARN_DAYS),
    )
    .addHelpText(
      'after',
      examples('status', '--profile Live status', 'status --json', 'status --cert-warn-days 7'),
    )
    .action((options: { certWarnDays?: number }, command: Command) =>
      ctx.run(command, async (run) => {
        let checked: Checked[];
        try {
          const client = await run.client();
          // The list call with its token: it carries the blocking rule the answer announces.
          const answer = await client.listIfChanged(null);
          const listed = answer.changed ? answer.channels : await client.list();
          const now = Date.now() + client.clockOffsetMs();
          const rule = answer.blockRule ?? CALYPSO_BLOCK_RULE;
          const certificates = await checkCertificates(listed, mayCheckPrivate(run.accountBaseUrl()));
          const warnDays = options.certWarnDays ?? DEFAULT_CERT_WARN_DAYS;
          checked = listed.map((channel) =>
            statusChannel(channel, rule, now, { status: certificates.get(channel.requestId), warnDays }),
          );
        } catch (error) {
          reportStatusUnknown(run.output, run.errorInfo(error));
          return;
        }
        // A change made here (app or CLI) shortly before the failures began is named on its line.
        const causes = await causesOf(
          run,
          checked.map((c) => c.channel),
        );
        for (const c of checked) {
          const cause = causes.get(c.channel.requestId);
          if (cause !== undefined) c.note = c.note === '' ? cause : `${c.note} - ${cause}`;
        }
        const state = stateOf(checked);
        const channels = checked.map((c) => c.channel);
        run.output.document({ state, channels });
        const problems = checked.filter((c) => c.channel.health !== 'healthy');
        const expiring = checked.filter((c) => c.certificate !== null);
        run.output.result(
          [summaryLine(state, checked), ...problems.map(detailLine), ...expiring.map(certificateLine)].join(
            '\n',
          ),
        );
        process.exitCode = STATUS_EXIT[state];
      }),
    );
}
