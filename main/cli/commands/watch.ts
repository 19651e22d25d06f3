import type { Command } from 'commander';
import { certificateTargets, createCertificateWatch } from '../../core/certificates';
import { createMonitor } from '../../core/monitor';
import type { MonitorEvent } from '../../core/monitor';
import type { CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { counted } from '../output';
import { DEFAULT_POLL_INTERVALS_MS, pollIntervalOptions } from '../option-parsers';
import { examples } from '../program';
import { receiversMayBePrivate } from '../../common/url-rules';
import { untilSignal } from '../until-signal';

interface WatchOptions {
  interval?: number;
  fastInterval?: number;
}

/** `2025-01-01T12:00:00.000Z  blocked           https://shop.example/hooks: blocked by Calypso after 101 failed deliveries` */
function eventLine(event: MonitorEvent): string {
  return `${event.at}  ${event.type.padEnd(17)} ${event.message}`;
}

/** The fields an event type adds to the envelope, in this order, when the event has them. */
const TYPE_FIELDS = [
  'previousUrl',
  'error',
  'predictedBlockAt',
  'failuresPerMinute',
  'eventLossAt',
  'expiresAt',
] as const satisfies readonly (keyof MonitorEvent)[];

/**
 * One `watch --json` line: the envelope every event shares, `{id, type, profile, requestId, url, at,
 * message}` (`profile`: the --profile name, or "environment"), then the type's own fields
 * (errorCount for channel events, then those of TYPE_FIELDS it carries).
 */
export function watchEnvelope(event: MonitorEvent, profile: string): Record<string, unknown> {
  const line: Record<string, unknown> = {
    id: event.id,
    type: event.type,
    profile,
    requestId: event.requestId,
    url: event.url,
    at: event.at,
    message: event.message,
  };
  if (event.errorCount !== null) line.errorCount = event.errorCount;
  for (const field of TYPE_FIELDS) if (event[field] !== undefined) line[field] = event[field];
  return line;
}

/**
 * `watch`: runs the health monitor for one account (a profile or the environment's credentials)
 * and prints one line per event (`--json`: one JSON object per line). Runs until SIGINT or
 * SIGTERM (exit 0); an auth failure ends it with exit 3, since the monitor stops polling
 * refused credentials and there would be nothing left to watch.
 */
export function registerWatchCommand(program: Command, ctx: CliContext): void {
  const [interval, fastInterval] = pollIntervalOptions();
  program
    .command('watch')
    .description('watch subscription health and print one line per change (until Ctrl+C)')
    .addOption(interval)
    .addOption(fastInterval)
    .addHelpText('after', examples('watch', '--profile Live watch --interval 30', 'watch --json'))
    .action((options: WatchOptions, command: Command) =>
      ctx.run(command, async (run) => {
        const intervalMs = options.interval ?? DEFAULT_POLL_INTERVALS_MS.normal;
        const fastIntervalMs = options.fastInterval ?? DEFAULT_POLL_INTERVALS_MS.fast;
        // Listen first: Ctrl+C while the keychain is read must end watch cleanly (exit 0), not kill it (130).
        const { stopped, dispose } = untilSignal();
        try {
          const client = await Promise.race([run.client(), stopped.then(() => null)]);
          if (client === null) {
            process.exitCode = EXIT.ok;
            return;
          }
          const profileId = run.globals.profile ?? 'environment';
          const monitor = createMonitor({
            targets: [{ profileId, profileName: profileId, client }],
            normalIntervalMs: intervalMs,
            fastIntervalMs,
          });
          let authFailed: () => void = () => undefined;
          const refused = new Promise<'auth'>((resolve) => {
            authFailed = () => resolve('auth');
          });
          const print = (event: MonitorEvent): void => {
            if (run.output.json) ctx.stdout.write(`${JSON.stringify(watchEnvelope(event, profileId))}\n`);
            else run.output.result(eventLine(event));
          };
          monitor.onEvent((event) => {
            print(event);
            if (event.type === 'auth-failed') authFailed();
          });
          // The https receivers' certificates, checked at once and daily (a TLS handshake only).
          const certificates = createCertificateWatch();
          const allowPrivate = receiversMayBePrivate(run.accountBaseUrl());
          certificates.onEvent(print);
          let reportedFirstPoll = false;
          monitor.subscribe(({ snapshot }) => {
            certificates.setTargets(certificateTargets(snapshot, () => allowPrivate));
            const profile = snapshot.profiles[0];
            if (reportedFirstPoll || profile === undefined || profile.lastPollAt === null) return;
            reportedFirstPoll = true;
            if (profile.lastError === null) {
              run.output.message(
                `watch: ${counted(profile.channels.length, 'subscription')}, checked every ${intervalMs / 1000} s ` +
                  `(${fastIntervalMs / 1000} s while one is failing). Ctrl+C to stop.`,
              );
            }
          });
          monitor.start();
          try {
            const reason = await Promise.race([stopped, refused]);
            if (reason === 'auth') {
              run.output.message('watch: Calypso refused the credentials; fix them and run watch again.');
              process.exitCode = EXIT.auth;
            } else {
              process.exitCode = EXIT.ok;
            }
          } finally {
            monitor.stop();
            certificates.dispose();
          }
        } finally {
          dispose();
        }
      }),
    );
}
