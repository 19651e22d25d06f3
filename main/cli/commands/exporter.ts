import type { Command } from 'commander';
import { DEFAULT_LISTEN, parseListenAddress } from '../listen-address';
import type { MonitorEvent } from '../../core/monitor';
import { caFileTrust, type CliContext } from '../context';
import { EXIT } from '../exit-codes';
import type { AccountSourceOptions } from '../exporter-accounts';
import { DEFAULT_POLL_INTERVALS_MS, pollIntervalOptions } from '../option-parsers';
import { counted } from '../output';
import { examples } from '../program';
import { untilSignal } from '../until-signal';

interface ExporterOptions extends AccountSourceOptions {
  listen: string;
  interval?: number;
  fastInterval?: number;
}

/** Account-level events worth a line in the service's log; subscription changes are in the metrics. */
const LOGGED_EVENTS = new Set<MonitorEvent['type']>(['auth-failed', 'unreachable', 'reachable']);

/**
 * `exporter`: runs the health monitor over many accounts (saved profiles, an accounts file, or the
 * environment's credentials) and serves their state as Prometheus metrics on `GET /metrics`;
 * `GET /healthz` answers "ok" while the process serves (it says nothing of Calypso:
 * calypso_webhook_up does). Runs until SIGINT or SIGTERM, then exits 0. A listen address that is
 * invalid or taken is a usage error (exit 2), like a bad accounts file.
 */
export function registerExporterCommand(program: Command, ctx: CliContext): void {
  const [interval, fastInterval] = pollIntervalOptions(' of an account');
  program
    .command('exporter')
    .description('serve the health of many accounts as Prometheus metrics (until SIGTERM or Ctrl+C)')
    .option(
      '--listen <address>',
      'HOST:PORT or [IPv6]:PORT to serve /metrics and /healthz on; :PORT listens on every interface',
      DEFAULT_LISTEN,
    )
    .option('--profiles <names>', 'export these saved profiles (comma-separated names)')
    .option('--all-profiles', 'export every saved profile')
    .option(
      '--accounts-file <file>',
      'export the accounts of this JSON or YAML file (secrets from apiSecretEnv or apiSecretFile, never inline)',
    )
    .addOption(interval)
    .addOption(fastInterval)
    .addHelpText(
      'after',
      `
With none of --profile, --profiles, --all-profiles or --accounts-file, the environment's
credentials are exported (profile label "environment"). The default listen address is loopback
only; :9464 serves every interface. GET /healthz answers "ok" while the exporter serves.

Accounts file (YAML, or JSON when it ends in .json): a list of accounts, each
  - name: Live                          # the profile label, unique
    baseUrl: https://api.calypso.finance
    account: 0x...
    apiKey: ...
    apiSecretFile: \${CREDENTIALS_DIRECTORY}/live   # or apiSecretEnv: LIVE_API_SECRET
The secret is never in the file itself. A secret file must be closed to other users
(chmod 600, or 640 for a group; a Kubernetes secret volume: defaultMode: 0400); a relative path is taken from the
accounts file's folder, and \${VAR} is replaced from the environment.
${examples(
  'exporter --all-profiles',
  'exporter --profiles Live,Staging --listen 127.0.0.1:9464',
  'exporter --accounts-file /etc/webhook-tray/accounts.yml --listen :9464',
)}`,
    )
    .action((options: ExporterOptions, command: Command) =>
      ctx.run(command, async (run) => {
        const listen = parseListenAddress(options.listen);
        // prom-client and yaml load only here: every other command (a status check each minute) starts without them.
        const [{ startExporter }, { exporterAccounts }] = await Promise.all([
          import('../../core/exporter'),
          import('../exporter-accounts'),
        ]);
        // Listen first: a signal while the keychain is read must end the exporter cleanly (exit 0).
        const { stopped, dispose } = untilSignal();
        try {
          const accounts = await Promise.race([exporterAccounts(run, options), stopped.then(() => null)]);
          if (accounts === null) {
            process.exitCode = EXIT.ok;
            return;
          }
          const exporter = await startExporter({
            accounts,
            listen,
            normalIntervalMs: options.interval ?? DEFAULT_POLL_INTERVALS_MS.normal,
            fastIntervalMs: options.fastInterval ?? DEFAULT_POLL_INTERVALS_MS.fast,
            // The certificate checks trust what the API client trusts (--ca-file).
            trust: caFileTrust(run.globals, run.env),
          });
          const byId = new Map(accounts.map((account) => [account.id, account]));
          exporter.onEvent((event) => {
            const account = byId.get(event.profileId);
            if (!LOGGED_EVENTS.has(event.type) || account === undefined) return;
            // The monitor stops polling refused credentials until they change: here, until a restart.
            const after =
              event.type === 'auth-failed' ? ' It is not polled again until the exporter restarts.' : '';
            run.output.message(`exporter: ${account.name}: ${account.inOwnTerms(event.message)}${after}`);
          });
          run.output.message(
            `exporter: serving ${exporter.metricsUrl} for ${counted(accounts.length, 'account')}`,
          );
          try {
            await stopped;
            process.exitCode = EXIT.ok;
          } finally {
            await exporter.stop();
          }
        } finally {
          dispose();
        }
      }),
    );
}
