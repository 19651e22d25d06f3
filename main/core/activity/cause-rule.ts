import type { MonitorEvent } from '../monitor';
import { describeCause } from './cause-messages';
import type { ActivityEntry, CauseLink } from './types';

/** A change this long or less before the failures began may explain them (issue 18). */
export const CAUSE_WINDOW_MS = 30 * 60_000;

/** What the rule reads of the monitor's own events (the channel's history). */
export type PolledEvent = Pick<MonitorEvent, 'type' | 'at' | 'url' | 'previousUrl'>;

export interface CauseInput {
  /** When the failures began (see failureStart), epoch ms. */
  failuresBeganAt: number;
  /** The app's own actions on this webhook (account-wide ones included), any order. */
  entries: readonly ActivityEntry[];
  /** The monitor's events for this webhook, any order. */
  polled: readonly PolledEvent[];
}

interface Change {
  change: 'keys' | 'url';
  madeHere: boolean;
  at: number;
  previousUrl?: string | undefined;
  url?: string | undefined;
}

const time = (iso: string): number => Date.parse(iso);

/**
 * When a failing webhook's failures began: Calypso's errorFirstDate, or else the monitor's latest
 * `failing` detection (a list without the date); null when neither is known.
 */
export function failureStart(errorFirstDate: string | null, polled: readonly PolledEvent[]): number | null {
  const first = errorFirstDate === null ? NaN : time(errorFirstDate);
  if (!Number.isNaN(first)) return first;
  const detections = polled.filter((e) => e.type === 'failing').map((e) => time(e.at));
  const latest = Math.max(...detections.filter((at) => !Number.isNaN(at)));
  return Number.isFinite(latest) ? latest : null;
}

/**
 * The polled key changes that are a regeneration made here, seen again by the next poll: the first
 * one after the latest regeneration made here. Those are not a second, unexplained change.
 */
function keyEchoes(made: readonly number[], polled: readonly number[]): Set<number> {
  const echoes = new Set<number>();
  for (const at of polled) {
    const latestMade = Math.max(...made.filter((m) => m <= at));
    if (!Number.isFinite(latestMade)) continue;
    if (!polled.some((other) => other >= latestMade && other < at)) echoes.add(at);
  }
  return echoes;
}

/** Every change the rule may pick: the app's own, then the polled ones that are not their echo. */
function changes(entries: readonly ActivityEntry[], polled: readonly PolledEvent[]): Change[] {
  const found: Change[] = [];
  const madeKeys = entries.filter((e) => e.action === 'keys-regenerated').map((e) => time(e.at));
  const polledKeys = polled.filter((e) => e.type === 'keys-regenerated').map((e) => time(e.at));
  const echoes = keyEchoes(madeKeys, polledKeys);
  for (const at of madeKeys) found.push({ change: 'keys', madeHere: true, at });
  for (const at of polledKeys) if (!echoes.has(at)) found.push({ change: 'keys', madeHere: false, at });

  const polledUrls = polled.filter((e) => e.type === 'url-changed');
  const echoed = new Set<PolledEvent>();
  for (const entry of entries) {
    if (entry.action !== 'url-changed' || entry.url === entry.previousUrl) continue;
    const at = time(entry.at);
    // The poll that saw this change knows the URL before it, which the CLI did not.
    const echo = polledUrls.find((e) => e.url === entry.url && time(e.at) >= at && !echoed.has(e));
    if (echo !== undefined) echoed.add(echo);
    found.push({
      change: 'url',
      madeHere: true,
      at,
      previousUrl: entry.previousUrl ?? echo?.previousUrl,
      url: entry.url,
    });
  }
  for (const event of polledUrls) {
    if (echoed.has(event)) continue;
    const url = event.url ?? undefined;
    found.push({ change: 'url', madeHere: false, at: time(event.at), previousUrl: event.previousUrl, url });
  }
  return found.filter((change) => !Number.isNaN(change.at));
}

/**
 * The change that most likely made a webhook start failing: the most recent key or URL change in
 * the CAUSE_WINDOW_MS before its failures began, made here or seen by polling; null when there is
 * none. A change after the failures began explains nothing. On a tie, a change made here wins.
 */
export function findCause(input: CauseInput): CauseLink | null {
  const { failuresBeganAt } = input;
  let best: Change | null = null;
  for (const change of changes(input.entries, input.polled)) {
    const lead = failuresBeganAt - change.at;
    if (lead < 0 || lead > CAUSE_WINDOW_MS) continue;
    if (
      best === null ||
      change.at > best.at ||
      (change.at === best.at && change.madeHere && !best.madeHere)
    ) {
      best = change;
    }
  }
  if (best === null) return null;
  const link: CauseLink = {
    change: best.change,
    madeHere: best.madeHere,
    changedAt: new Date(best.at).toISOString(),
    failuresBeganAt: new Date(failuresBeganAt).toISOString(),
    sentence: describeCause({ ...best, leadMs: failuresBeganAt - best.at }),
  };
  if (best.previousUrl !== undefined) link.previousUrl = best.previousUrl;
  if (best.url !== undefined) link.url = best.url;
  return link;
}

/** The cause of a failing webhook's failures, from its errorFirstDate, its activity and its events. */
export function causeFor(
  errorFirstDate: string | null,
  entries: readonly ActivityEntry[],
  polled: readonly PolledEvent[],
): CauseLink | null {
  const failuresBeganAt = failureStart(errorFirstDate, polled);
  return failuresBeganAt === null ? null : findCause({ failuresBeganAt, entries, polled });
}
