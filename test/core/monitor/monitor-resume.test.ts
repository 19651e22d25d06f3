import { afterEach, describe, expect, it } from 'vitest';
import { createMonitor } from '../../../main/core/monitor/monitor';
import type { Monitor, MonitorTarget } from '../../../main/core/monitor/monitor';
import { AppError } from '../../../main/common/errors';
import { FakeTime } from './fake-time';
import { ScriptedApi, channel } from './scripted-api';
import type { ListAnswer } from './scripted-api';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

const limited = (retryAfterMs: number): AppError =>
  new AppError('rate-limit', 'Too many requests.', { status: 429, retryAfterMs });
const networkError = (): AppError => new AppError('network', 'Cannot reach Calypso.');
const refused = (): AppError => new AppError('auth', 'Calypso refused the API key.', { status: 401 });

let monitors: Monitor[] = [];
afterEach(() => {
  for (const monitor of monitors) monitor.stop();
  monitors = [];
});

/** A monitor over one scripted profile per list of answers (p1, p2, ...), on a fake clock. */
function setup(time: FakeTime, ...scripts: ListAnswer[][]) {
  const apis = scripts.map((answers) => ScriptedApi.sequence(answers, time.now));
  const targets: MonitorTarget[] = apis.map((client, i) => ({
    profileId: `p${i + 1}`,
    profileName: `Shop ${i + 1}`,
    client,
  }));
  const monitor = createMonitor({ targets, timers: time, now: time.now, random: () => 0.5 });
  monitors.push(monitor);
  return { monitor, apis, targets };
}

function nextPollAt(monitor: Monitor, profileId = 'p1'): string | null | undefined {
  return monitor.getSnapshot().profiles.find((p) => p.profileId === profileId)?.nextPollAt;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The profile's next poll is due at `due`, and it comes then (the call count goes from `calls` to one more). */
async function expectPollAt(time: FakeTime, monitor: Monitor, api: ScriptedApi, due: number, calls: number) {
  expect(api.calls).toBe(calls);
  expect(nextPollAt(monitor)).toBe(iso(due));
  await time.advance(due - time.now());
  expect(api.calls).toBe(calls + 1);
}

describe('monitor resume', () => {
  it('keeps a Retry-After wait across pause and resume; a healthy profile is polled at once, an auth-stopped one stays stopped', async () => {
    const time = new FakeTime();
    const { monitor, apis } = setup(
      time,
      [[channel()], limited(30 * MINUTE), [channel()]],
      [[channel()]],
      [[channel()], refused()],
    );
    const [rateLimited, healthy, stopped] = apis;
    if (rateLimited === undefined || healthy === undefined || stopped === undefined)
      throw new Error('no api');
    monitor.start();
    await time.advance(0);
    await time.advance(MINUTE); // p1 is told to come back in 30 min; p3 is refused
    const due = time.now() + 30 * MINUTE;
    expect(nextPollAt(monitor)).toBe(iso(due));

    await time.advance(4 * MINUTE);
    monitor.pause(null);
    await time.advance(5 * MINUTE);
    const callsBefore = apis.map((api) => api.calls);
    monitor.resume();
    await time.advance(0);
    expect(rateLimited.calls).toBe(callsBefore[0]);
    expect(nextPollAt(monitor)).toBe(iso(due));
    expect(healthy.calls).toBe((callsBefore[1] ?? 0) + 1);
    expect(stopped.calls).toBe(callsBefore[2]);
    expect(nextPollAt(monitor, 'p3')).toBeNull();

    await time.advance(due - time.now() - 1);
    expect(rateLimited.calls).toBe(callsBefore[0]);
    await time.advance(1);
    expect(rateLimited.calls).toBe((callsBefore[0] ?? 0) + 1);
    expect(rateLimited.callTimes.at(-1)).toBe(due);
    expect(stopped.calls).toBe(callsBefore[2]);
  });

  it('keeps a failure backoff across pause and resume, and polls at once if it ran out meanwhile', async () => {
    const time = new FakeTime();
    const { monitor, apis } = setup(time, [networkError(), networkError(), [channel()]]);
    const api = apis[0];
    if (api === undefined) throw new Error('no api');
    monitor.start();
    await time.advance(0);
    // First backoff: 60 s ceiling, jitter 0.5 → 45 s.
    const due = time.now() + 45 * SECOND;
    expect(nextPollAt(monitor)).toBe(iso(due));
    await time.advance(10 * SECOND);
    monitor.pause(null);
    await time.advance(10 * SECOND);
    monitor.resume();
    await time.advance(0);
    await expectPollAt(time, monitor, api, due, 1);

    // Second backoff (120 s ceiling → 90 s), and a pause that outlasts it: polled on resume.
    await time.advance(SECOND);
    monitor.pause(null);
    await time.advance(10 * MINUTE);
    expect(api.calls).toBe(2);
    monitor.resume();
    await time.advance(0);
    expect(api.calls).toBe(3);
    expect(api.callTimes.at(-1)).toBe(time.now());
  });

  it('keeps the wait when the pause ends on its own, and across a second pause', async () => {
    const time = new FakeTime();
    const { monitor, apis } = setup(time, [[channel()], limited(30 * MINUTE), [channel()]]);
    const api = apis[0];
    if (api === undefined) throw new Error('no api');
    monitor.start();
    await time.advance(0);
    await time.advance(MINUTE);
    const due = time.now() + 30 * MINUTE;
    monitor.pause(null);
    // Pausing again (now with an end) must not forget the wait the first pause kept.
    monitor.pause(new Date(time.now() + 10 * MINUTE));
    await time.advance(10 * MINUTE);
    expect(monitor.getSnapshot().pausedUntil).toBeNull();
    await expectPollAt(time, monitor, api, due, 2);
  });

  it('keeps a Retry-After that arrives during the pause', async () => {
    const time = new FakeTime();
    let release: (answer: ListAnswer) => void = () => undefined;
    const api = new ScriptedApi(
      (call) => (call === 1 ? new Promise<ListAnswer>((resolve) => (release = resolve)) : [channel()]),
      time.now,
    );
    const monitor = createMonitor({
      targets: [{ profileId: 'p1', profileName: 'Shop', client: api }],
      timers: time,
      now: time.now,
      random: () => 0.5,
    });
    monitors.push(monitor);
    monitor.start();
    await time.advance(0);
    monitor.pause(null);
    release(limited(20 * MINUTE));
    await time.advance(0);
    const due = time.now() + 20 * MINUTE;
    expect(nextPollAt(monitor)).toBeNull();
    await time.advance(5 * MINUTE);
    monitor.resume();
    await time.advance(0);
    await expectPollAt(time, monitor, api, due, 1);
  });

  it('polls at once on resume after new credentials cleared the wait during the pause', async () => {
    const time = new FakeTime();
    const { monitor, targets } = setup(time, [[channel()], limited(30 * MINUTE)]);
    const first = targets[0];
    if (first === undefined) throw new Error('no target');
    monitor.start();
    await time.advance(0);
    await time.advance(MINUTE);
    monitor.pause(null);
    const renewed = ScriptedApi.sequence([[channel()]], time.now);
    monitor.upsertTarget({ ...first, client: renewed });
    await time.advance(MINUTE);
    expect(renewed.calls).toBe(0);
    monitor.resume();
    await time.advance(0);
    expect(renewed.calls).toBe(1);
  });

  it('a pause longer than a timer can wait (24.8 days) lasts until its end', async () => {
    const time = new FakeTime();
    const { monitor, apis } = setup(time, [[channel()]]);
    const api = apis[0];
    if (api === undefined) throw new Error('no api');
    monitor.start();
    await time.advance(0);
    const until = time.now() + 40 * DAY;
    monitor.pause(new Date(until));
    await time.advance(30 * DAY);
    expect(monitor.getSnapshot().pausedUntil).toBe(iso(until));
    expect(api.calls).toBe(1);
    await time.advance(10 * DAY);
    expect(monitor.getSnapshot().pausedUntil).toBeNull();
    expect(api.calls).toBe(2);
  });
});
