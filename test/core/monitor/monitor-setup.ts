import type { MonitorOptions, MonitorTarget, Monitor } from '../../../main/core/monitor';
import { createMonitor } from '../../../main/core/monitor';
import type { MonitorEvent } from '../../../main/core/monitor';
import { AppError } from '../../../main/common/errors';
import { FakeTime } from './fake-time';
import { ScriptedApi, channel } from './scripted-api';
import type { ListAnswer } from './scripted-api';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export const failing = channel({ errorCount: 3, errorFirstDate: '2025-01-01T11:59:00.000Z' });
export const networkError = (): AppError => new AppError('network', 'Cannot reach Calypso.');

let monitors: Monitor[] = [];

/** Stops every monitor `setup` made (each test file runs it after each test). */
export function stopMonitors(): void {
  for (const monitor of monitors) monitor.stop();
  monitors = [];
}

/** A monitor over one profile per API (p1, p2, ...) on a fake clock, with its events collected. */
export function setup(
  apis: ScriptedApi[] | ScriptedApi,
  options: Partial<MonitorOptions> = {},
  time = new FakeTime(),
) {
  const list = Array.isArray(apis) ? apis : [apis];
  const targets: MonitorTarget[] = list.map((client, i) => ({
    profileId: `p${i + 1}`,
    profileName: `Shop ${i + 1}`,
    client,
  }));
  const events: MonitorEvent[] = [];
  const monitor = createMonitor({ targets, timers: time, now: time.now, random: () => 0.5, ...options });
  monitor.onEvent((event) => events.push(event));
  monitors.push(monitor);
  return { monitor, time, events, targets };
}

export function scripted(time: FakeTime, answers: ListAnswer[]): ScriptedApi {
  return ScriptedApi.sequence(answers, time.now);
}

/** Delays between consecutive calls, in ms. */
export function gaps(api: ScriptedApi): number[] {
  return api.callTimes.slice(1).map((t, i) => t - (api.callTimes[i] ?? 0));
}
