import { Option, type Command } from 'commander';
import { DEFAULT_SANDBOX_CREDENTIALS, DEMO_THRESHOLDS, startSandbox } from '../../core/sandbox';
import { formatWait } from '../../core/api';
import type { SandboxSeed } from '../../core/sandbox';
import type { CliContext } from '../context';
import { integerIn, secondsAsMs } from '../option-parsers';
import { examples } from '../program';

interface SandboxCommandOptions {
  port?: number;
  seed: SandboxSeed;
  apiKey?: string;
  apiSecret?: string;
  blockAfter?: number;
  blockWindow?: number;
  deliveryInterval?: number;
  allowRemoteDelivery?: boolean;
  timeScale?: number;
  accept2xx?: boolean;
}

/**
 * How often the CLI sandbox delivers without --delivery-interval. The library default is off (tests
 * drive deliveries), but a sandbox started by hand that never delivers never shows a subscription
 * failing or getting blocked. The demo seed keeps its own faster interval.
 */
export const CLI_DELIVERY_INTERVAL_MS = 5_000;

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** How the sandbox's help explains its locks: the control token and where deliveries may go. */
const LOCKS_HELP = `
Controls (/_sandbox/state, /faults, /clock, /subscriptions, /deliver, /retry,
/deliveries, /requests...) need the header
  Authorization: Bearer <token>
with the control token printed at start (a new one every run). Requests with an
Origin header (web pages) or a Host other than 127.0.0.1:PORT or localhost:PORT
are refused. The Calypso API paths need Calypso's Key and Sign instead, and the
built-in receivers (/_sandbox/receivers/..., /_sandbox/hooks/...) take
deliveries without a token. Deliveries go only to this machine (127.0.0.0/8,
::1, localhost) unless --allow-remote-delivery. Only a 200 answer counts as
delivered; a failed delivery is retried 19 times on Calypso's schedule (30 s,
30 s, 60 s, 90 s... about 91 hours in all), and unblocking a subscription
(POST /_sandbox/subscriptions/<requestId>/unblock) resends its failed ones.
SANDBOX-ONLY: the list call answers with the header
  X-Sandbox-Block-Rule: failures=<F>; window=<seconds>
(blocked at the F-th failure within that window with no success).`;

/**
 * `sandbox [--port N] [--seed demo|empty] [--api-key K] [--api-secret S] [--account ID]
 *  [--block-after N] [--block-window SECONDS] [--delivery-interval SECONDS] [--allow-remote-delivery]`:
 * runs the built-in Calypso simulator on 127.0.0.1 until SIGINT/SIGTERM. `--account` is the global option.
 */
export function registerSandboxCommand(program: Command, ctx: CliContext): void {
  program
    .command('sandbox')
    .description(
      'run the built-in Calypso sandbox on 127.0.0.1 until stopped (Ctrl-C); --account sets its account id',
    )
    .option('--port <n>', 'port to listen on (default: a free one)', integerIn(0, 65535))
    .addOption(
      new Option('--seed <seed>', 'initial subscriptions').choices(['demo', 'empty']).default('empty'),
    )
    .option('--api-key <key>', 'the sandbox API key (default: a fixed sandbox key)')
    .option('--api-secret <secret>', 'the sandbox API secret (a sandbox-only secret, so a flag is fine)')
    .option(
      '--block-after <n>',
      'block a subscription after more than N failures (default: 100; demo 20)',
      integerIn(1, 1_000_000),
    )
    .option(
      '--block-window <seconds>',
      'window of the blocking rule in seconds (default: 600; demo 60)',
      secondsAsMs(86_400),
    )
    .option(
      '--delivery-interval <seconds>',
      `send a test event to every subscription this often (default: ${CLI_DELIVERY_INTERVAL_MS / 1000}; demo ${DEMO_THRESHOLDS.deliveryIntervalMs / 1000}, which time scale ${DEMO_THRESHOLDS.timeScale} makes ${DEMO_THRESHOLDS.deliveryIntervalMs / 1000 / DEMO_THRESHOLDS.timeScale}); divided by --time-scale`,
      secondsAsMs(86_400),
    )
    .option(
      '--time-scale <n>',
      `divide Calypso's retry gaps (30 s, 30 s, 60 s... 19 retries) and the delivery interval by N, not the blocking window (default: 1; demo ${DEMO_THRESHOLDS.timeScale})`,
      integerIn(1, 1_000_000),
    )
    .option('--accept-2xx', 'count any 2xx answer as delivered (default: only 200 OK, as Calypso)')
    .option('--allow-remote-delivery', 'also deliver to URLs outside this machine (default: loopback only)')
    .addHelpText('after', LOCKS_HELP)
    .addHelpText(
      'after',
      examples(
        'sandbox',
        'sandbox --seed demo',
        'sandbox --port 8787 --account 0x0000000000000000000000000000000000000001',
      ),
    )
    .action((options: SandboxCommandOptions, command: Command) =>
      ctx.run(command, async (run) => {
        const deliveryIntervalMs =
          options.deliveryInterval ??
          (options.seed === 'demo' ? DEMO_THRESHOLDS.deliveryIntervalMs : CLI_DELIVERY_INTERVAL_MS);
        const timeScale = options.timeScale ?? (options.seed === 'demo' ? DEMO_THRESHOLDS.timeScale : 1);
        const sandbox = await startSandbox({
          seed: options.seed,
          credentials: {
            apiKey: options.apiKey ?? DEFAULT_SANDBOX_CREDENTIALS.apiKey,
            apiSecret: options.apiSecret ?? DEFAULT_SANDBOX_CREDENTIALS.apiSecret,
            account: run.globals.account ?? DEFAULT_SANDBOX_CREDENTIALS.account,
          },
          ...(options.port === undefined ? {} : { port: options.port }),
          ...(options.blockAfter === undefined ? {} : { blockAfter: options.blockAfter }),
          ...(options.blockWindow === undefined ? {} : { blockWindowMs: options.blockWindow }),
          deliveryIntervalMs,
          allowRemoteDelivery: options.allowRemoteDelivery === true,
          timeScale,
          accept2xx: options.accept2xx === true,
          log: (line) => run.output.message(line),
        });
        const { url, port, credentials, controlToken } = sandbox;
        run.output.document({ sandbox: { url, port, ...credentials, controlToken } });
        run.output.result(
          [
            `Sandbox listening on ${url}`,
            '',
            'Point the CLI at it:',
            `export WEBHOOK_TRAY_BASE_URL=${url}`,
            `export WEBHOOK_TRAY_ACCOUNT=${credentials.account}`,
            `export WEBHOOK_TRAY_API_KEY=${credentials.apiKey}`,
            `export WEBHOOK_TRAY_API_SECRET=${credentials.apiSecret}`,
            '',
            'Its controls (/_sandbox/...) need this header (a new token every run):',
            `Authorization: Bearer ${controlToken}`,
          ].join('\n'),
        );
        const where =
          options.allowRemoteDelivery === true
            ? 'to any host (--allow-remote-delivery)'
            : 'on this machine only (--allow-remote-delivery lifts that)';
        run.output.message(
          `Delivering a test event to every enabled subscription every ${formatWait(deliveryIntervalMs / timeScale)} (--delivery-interval${timeScale === 1 ? '' : ` / --time-scale ${timeScale}`}), ${where}; only a 200 answer counts as delivered${options.accept2xx === true ? ' (any 2xx: --accept-2xx)' : ''}, failures are retried on Calypso's schedule. Press Ctrl-C to stop.`,
        );
        const signal = await untilStopped();
        await sandbox.close();
        run.output.message(`Sandbox stopped (${signal}).`);
      }),
    );
}
