import { Option, type Command } from 'commander';
import { AppError, type ErrorInfo } from '../../common/errors';
import { diagnoseUrl, type Diagnosis, type Severity, type Step } from '../../core/diagnosis';
import { subscriptionNotFound } from '../cli-terms';
import type { CliContext } from '../context';
import { STATUS_EXIT, type StatusState } from '../exit-codes';
import { errorDocument, oneLine, type Output } from '../output';
import { examples } from '../program';

interface DiagnoseOptions {
  id?: string;
  url?: string;
}

/** Exit codes as `status`: 0 no problem, 1 a warning only, 2 a problem, 3 could not diagnose. */
const STATE: Record<Severity, StatusState> = {
  ok: 'ok',
  warning: 'warning',
  problem: 'critical',
  'not-checked': 'unknown',
};

const VERDICT_WORD: Record<Severity, string> = {
  ok: 'OK',
  warning: 'WARNING',
  problem: 'PROBLEM',
  'not-checked': 'NOT CHECKED',
};

/** `TLS   failed    12 ms  detail`: one line per step. */
function stepLine(step: Step): string {
  const outcome = step.skipped === true ? 'skipped' : step.ok ? 'ok' : 'failed';
  return `${step.step.toUpperCase().padEnd(5)} ${outcome.padEnd(8)} ${`${step.ms} ms`.padStart(7)}  ${step.detail}`;
}

function humanReport(diagnosis: Diagnosis, requestId: string | undefined): string {
  const about = requestId === undefined ? '' : ` (subscription ${requestId})`;
  return [
    `Diagnosis of ${diagnosis.url}${about}, seen from this computer:`,
    ...diagnosis.steps.map(stepLine),
    `${VERDICT_WORD[diagnosis.severity]}: ${diagnosis.verdict}`,
    ...diagnosis.problems.map((problem) => `  ${problem.code}: ${problem.message}`),
    `Note: ${diagnosis.caveat}`,
  ].join('\n');
}

/** The `--json` document: the issue's shape, plus the verdict and where it was seen from. */
function jsonReport(diagnosis: Diagnosis, requestId: string | undefined) {
  return {
    url: diagnosis.url,
    ...(requestId === undefined ? {} : { requestId }),
    severity: diagnosis.severity,
    verdict: diagnosis.verdict,
    problems: diagnosis.problems.map(({ code, message }) => ({ code, message })),
    steps: diagnosis.steps.map(({ step, ok, ms, detail }) => ({ step, ok, ms, detail })),
    seenFrom: diagnosis.seenFrom,
    caveat: diagnosis.caveat,
  };
}

/**
 * Could not diagnose (usage, unknown subscription, refused credentials): exit 3 and the error, as
 * `status` reports UNKNOWN. `onStderrAlready`: commander printed the message.
 */
export function reportDiagnoseFailure(output: Output, info: ErrorInfo, onStderrAlready = false): void {
  output.document({ url: null, problems: [], steps: [], ...errorDocument(info) });
  if (!onStderrAlready) output.message(`error: ${oneLine(info.message)}`);
  process.exitCode = STATUS_EXIT.unknown;
}

/** The URL to diagnose: `--url` as given, or the URL of subscription `--id` from the list. */
async function targetUrl(
  options: DiagnoseOptions,
  listUrls: () => Promise<{ requestId: string; url: string }[]>,
) {
  if (options.url !== undefined) return options.url;
  if (options.id === undefined) {
    throw new AppError(
      'validation',
      'Say what to diagnose: --id REQUEST_ID (see `webhook-tray list`) or --url URL.',
    );
  }
  const channel = (await listUrls()).find((item) => item.requestId === options.id);
  if (channel === undefined) throw subscriptionNotFound(options.id);
  return channel.url;
}

/**
 * `diagnose --id REQUEST_ID | --url URL`: DNS, TCP, TLS and one wrongly signed POST, each step with
 * its duration, from this computer. Asked for explicitly, so private and loopback addresses are allowed.
 */
export function registerDiagnoseCommand(program: Command, ctx: CliContext): void {
  program
    .command('diagnose')
    .description(
      'find why deliveries to a webhook fail: DNS, TCP, TLS, then a POST with a signature that cannot verify (exit 0 OK, 1 warning, 2 problem, 3 could not diagnose)',
    )
    .addOption(
      new Option('--id <requestId>', 'the subscription whose URL to diagnose (needs credentials)').conflicts(
        'url',
      ),
    )
    .addOption(new Option('--url <url>', 'a webhook URL to diagnose (no credentials needed)').conflicts('id'))
    .addHelpText(
      'after',
      examples(
        'diagnose --id REQUEST_ID',
        'diagnose --url https://shop.example/webhooks/calypso',
        'diagnose --url URL --json',
      ),
    )
    .action((options: DiagnoseOptions, command: Command) =>
      ctx.run(command, async (run) => {
        let diagnosis: Diagnosis;
        try {
          const url = await targetUrl(options, async () => (await run.client()).list());
          diagnosis = await diagnoseUrl(url, { allowPrivateAddresses: true });
        } catch (error) {
          reportDiagnoseFailure(run.output, run.errorInfo(error));
          return;
        }
        run.output.document(jsonReport(diagnosis, options.id));
        run.output.result(humanReport(diagnosis, options.id));
        process.exitCode = STATUS_EXIT[STATE[diagnosis.severity]];
      }),
    );
}
