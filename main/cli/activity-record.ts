import { causeFor, openActivityLog, type ActivityAction } from '../core/activity';
import { configDir } from '../core/storage';
import type { CommandRun } from './context';

/** One action of a command, as the activity log keeps it (the actor comes from the run's client). */
export interface CliActivity {
  at: string;
  requestId: string | null;
  action: ActivityAction;
  url?: string;
}

/**
 * Notes a change this command made in the activity log the app reads (activity.json in the config
 * folder), so the app can link failures that follow to it. A log that cannot be written is a
 * warning: the change itself was made.
 */
export function recordActivity(run: CommandRun, activity: CliActivity): void {
  const actor = run.actor();
  if (actor === null) return;
  const log = openActivityLog({
    dir: configDir({ env: run.env }),
    log: (line) => run.output.warn(`${line} (the change itself was made)`),
  });
  log.record({ ...actor, ...activity, by: 'cli' });
}

/**
 * For `status`: the cause sentence of each failing or blocked webhook that a change made here (app or
 * CLI) explains, by request id. One-shot, the CLI has no polled history: changes only polling saw
 * are the app's to name.
 */
export async function causesOf(
  run: CommandRun,
  channels: readonly { requestId: string; health: string; errorFirstDate: string | null }[],
): Promise<Map<string, string>> {
  const causes = new Map<string, string>();
  const actor = run.actor();
  if (actor === null) return causes;
  const log = openActivityLog({ dir: configDir({ env: run.env }) });
  for (const channel of channels) {
    if (channel.health !== 'failing' && channel.health !== 'blocked') continue;
    const entries = await log.entriesFor({ ...actor, requestId: channel.requestId });
    const cause = causeFor(channel.errorFirstDate, entries, []);
    if (cause !== null) causes.set(channel.requestId, cause.sentence);
  }
  return causes;
}
