import { afterEach, describe, expect, it } from 'vitest';
import { createMonitor } from '../../../main/core/monitor/monitor';
import type { Monitor, MonitorOptions, MonitorTarget } from '../../../main/core/monitor/monitor';
import { worstState } from '../../../main/core/monitor/classify';
import type { MonitorEvent, MonitorSnapshot, ProfileSnapshot } from '../../../main/core/monitor/types';
import { AppError } from '../../../main/common/errors';
import { FakeTime, settle } from './fake-time';
import { ScriptedApi, channel } from './scripted-api';
import type { ListAnswer } from './scripted-api';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const failing = channel({ errorCount: 3, errorFirstDate: '2025-01-01T11:59:00.000Z' });
const networkError = (): AppError => new AppError('network', 'Cannot reach Calypso.');

let monitors: Monitor[] = [];
afterEach(() => {
  for (const monitor of monitors) monitor.stop();
  monitors = [];
});

function setup(
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

function scripted(time: FakeTime, answers: ListAnswer[]): ScriptedApi {
  return ScriptedApi.sequence(answers, time.now);
}

/** Delays between consecutive calls, in ms. */
function gaps(api: ScriptedApi): number[] {
  return api.callTimes.slice(1).map((t, i) => t - (api.callTimes[i] ?? 0));
}

describe('monitor schedule', () => {
  it('polls at start, then every normal interval while healthy', async () => {
    const time = new FakeTime();
    const api = scripted(time, [[channel()]]);
    const { monitor } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    expect(api.calls).toBe(1);
    expect(monitor.getSnapshot().profiles[0]?.nextPollAt).toBe(new Date(time.now() + MINUTE).toISOString());
    await time.advance(MINUTE - 1);
    expect(api.calls).toBe(1);
    await time.advance(1);
    expect(api.calls).toBe(2);
    await time.advance(3 * MINUTE);
    expect(gaps(api)).toEqual([MINUTE, MINUTE, MINUTE, MINUTE]);
    expect(monitor.getSnapshot().profiles[0]?.state).toBe('ok');
  });

  it('does nothing before start()', async () => {
    const time = new FakeTime();
    const api = scripted(time, [[channel()]]);
    setup(api, {}, time);
    await time.advance(10 * MINUTE);
    expect(api.calls).toBe(0);
  });

  it('uses the fast interval while a channel is failing, and the normal one again after', async () => {
    const time = new FakeTime();
    const api = scripted(time, [[channel()], [failing], [failing], [channel()], [channel()]]);
    const { monitor } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    await time.advance(MINUTE); // call 2: failing
    await time.advance(15 * SECOND); // call 3: failing
    await time.advance(15 * SECOND); // call 4: healthy
    await time.advance(MINUTE); // call 5
    expect(gaps(api)).toEqual([MINUTE, 15 * SECOND, 15 * SECOND, MINUTE]);
  });

  it('takes new intervals from setIntervals', async () => {
    const time = new FakeTime();
    const api = scripted(time, [[channel()]]);
    const { monitor } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    monitor.setIntervals({ normalMs: 10 * SECOND });
    await time.advance(10 * SECOND);
    await time.advance(10 * SECOND);
    expect(gaps(api)).toEqual([10 * SECOND, 10 * SECOND]);
  });

  it('new intervals do not postpone a poll that is due now (a new profile, new credentials)', async () => {
    const time = new FakeTime();
    const api = scripted(time, [[channel()]]);
    const { monitor, targets } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    // One settings change adds a profile, gives the first new credentials and lengthens the interval.
    const added = scripted(time, [[channel()]]);
    monitor.upsertTarget({ profileId: 'p2', profileName: 'Shop 2', client: added });
    const renewed = scripted(time, [[channel()]]);
    monitor.upsertTarget({ ...(targets[0] as MonitorTarget), client: renewed });
    monitor.setIntervals({ normalMs: 24 * 60 * MINUTE });
    await time.advance(0);
    expect(added.calls).toBe(1);
    expect(renewed.calls).toBe(1);
    // After their first polls, the new interval applies.
    await time.advance(23 * 60 * MINUTE);
    expect([added.calls, renewed.calls]).toEqual([1, 1]);
    await time.advance(60 * MINUTE);
    expect([added.calls, renewed.calls]).toEqual([2, 2]);
  });
});

describe('monitor failures', () => {
  it('backs off exponentially with jitter, capped at 5 minutes', async () => {
    const time = new FakeTime();
    const api = ScriptedApi.always(networkError(), time.now);
    const randoms = [0, 0.999, 0, 0.999, 0, 0.999, 0, 0.999];
    let r = 0;
    const { monitor } = setup(api, { random: () => randoms[r++ % randoms.length] ?? 0 }, time);
    monitor.start();
    await time.advance(60 * MINUTE);
    const observed = gaps(api).slice(0, 8);
    // Ceiling doubles from the normal interval (60 s) up to 300 s; jitter picks within its upper half.
    const ceilings = [60, 120, 240, 300, 300, 300, 300, 300].map((s) => s * SECOND);
    observed.forEach((gap, i) => {
      const ceiling = ceilings[i] ?? 0;
      expect(gap).toBeGreaterThanOrEqual(ceiling / 2);
      expect(gap).toBeLessThanOrEqual(ceiling);
    });
    expect(observed.slice(0, 2)).toEqual([30 * SECOND, Math.round(120 * SECOND * (0.5 + 0.999 / 2))]);
    expect(Math.max(...gaps(api))).toBeLessThanOrEqual(5 * MINUTE);
    const profile = monitor.getSnapshot().profiles[0];
    expect(profile?.state).toBe('unreachable');
    expect(profile?.consecutiveFailures).toBe(api.calls);
    expect(profile?.lastError?.kind).toBe('network');
  });

  it('treats timeouts and 5xx like network errors, and a slow answer as a timeout', async () => {
    const time = new FakeTime();
    const api = new ScriptedApi((call) => {
      if (call === 1) return new AppError('server', 'Calypso answered 503.', { status: 503 });
      if (call === 2) return new Promise<ListAnswer>(() => undefined);
      return [channel()];
    }, time.now);
    const { monitor, events } = setup(api, { pollTimeoutMs: 10 * SECOND }, time);
    monitor.start();
    await time.advance(0);
    expect(monitor.getSnapshot().profiles[0]?.state).toBe('unreachable');
    await time.advance(30 * SECOND); // backoff after 1 failure: 30..60 s with random 0.5 -> 45 s
    await time.advance(15 * SECOND);
    expect(api.calls).toBe(2);
    await time.advance(10 * SECOND);
    const profile = monitor.getSnapshot().profiles[0];
    expect(profile?.lastError?.kind).toBe('timeout');
    expect(profile?.consecutiveFailures).toBe(2);
    await time.advance(2 * MINUTE);
    expect(monitor.getSnapshot().profiles[0]?.state).toBe('ok');
    expect(events.map((e) => e.type)).toEqual(['unreachable', 'reachable']);
  });

  it('waits for Retry-After on 429 and keeps the channel state', async () => {
    const time = new FakeTime();
    const limited = new AppError('rate-limit', 'Too many requests.', {
      status: 429,
      retryAfterMs: 42 * SECOND,
    });
    const api = scripted(time, [[failing], limited, [failing]]);
    const { monitor, events } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    await time.advance(15 * SECOND);
    expect(monitor.getSnapshot().profiles[0]?.state).toBe('warning');
    // A 429 is an answer: it does not count toward "unreachable".
    expect(monitor.getSnapshot().profiles[0]?.consecutiveFailures).toBe(0);
    await time.advance(42 * SECOND);
    expect(gaps(api)).toEqual([15 * SECOND, 42 * SECOND]);
    expect(events.map((e) => e.type)).toEqual(['failing']);
  });

  it('falls back to the backoff on a 429 without Retry-After, growing while 429s continue', async () => {
    const time = new FakeTime();
    const limited = new AppError('rate-limit', 'Too many requests.', { status: 429 });
    const api = scripted(time, [[channel()], limited, limited, limited, [channel()]]);
    const { monitor, events } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    await time.advance(MINUTE); // call 2: 429
    expect(monitor.getSnapshot().profiles[0]?.nextPollAt).toBe(
      new Date(time.now() + 45 * SECOND).toISOString(),
    );
    await time.advance(10 * MINUTE);
    // Ceiling 60 s, 120 s, 240 s from the normal interval; random 0.5 -> three quarters of it.
    expect(gaps(api).slice(0, 5)).toEqual([MINUTE, 45 * SECOND, 90 * SECOND, 180 * SECOND, MINUTE]);
    expect(events).toEqual([]);
  });

  it('caps a Retry-After at maxRetryAfterMs', async () => {
    const time = new FakeTime();
    const limited = new AppError('rate-limit', 'Too many requests.', {
      status: 429,
      retryAfterMs: 24 * 60 * MINUTE,
    });
    const api = scripted(time, [limited, [channel()]]);
    const { monitor } = setup(api, { maxRetryAfterMs: 10 * MINUTE }, time);
    monitor.start();
    await time.advance(0);
    expect(monitor.getSnapshot().profiles[0]?.nextPollAt).toBe(
      new Date(time.now() + 10 * MINUTE).toISOString(),
    );
    await time.advance(10 * MINUTE - 1);
    expect(api.calls).toBe(1);
    await time.advance(1);
    expect(api.calls).toBe(2);
    expect(monitor.getSnapshot().profiles[0]?.state).toBe('ok');
  });

  it('backs off from the fast interval while a channel is failing', async () => {
    const time = new FakeTime();
    const api = scripted(time, [[failing], networkError(), networkError(), [failing]]);
    const { monitor } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    await time.advance(15 * SECOND); // call 2: network error
    await time.advance(5 * MINUTE);
    // Ceiling 15 s, then 30 s; random 0.5 -> three quarters of it. Then the fast lane again.
    expect(gaps(api).slice(0, 4)).toEqual([15 * SECOND, 11_250, 22_500, 15 * SECOND]);
    expect(monitor.getSnapshot().profiles[0]?.state).toBe('warning');
  });

  it('keeps the views when the answer is unchanged, and reports nothing when new bytes hold the same channels', async () => {
    /** An API whose every answer has a new token, as a server that varies its bytes would give. */
    class FreshTokens extends ScriptedApi {
      override async listIfChanged(_since: string | null, options: { signal?: AbortSignal } = {}) {
        return { changed: true as const, channels: await this.list(options), token: `answer ${this.calls}` };
      }
    }
    const time = new FakeTime();
    for (const [api, unchanged] of [
      [ScriptedApi.always([channel()], time.now), true],
      [new FreshTokens(() => [channel()], time.now), false],
    ] as const) {
      const { monitor, events } = setup(api, {}, time);
      const seen: ProfileSnapshot['channels'][] = [];
      monitor.subscribe((update) => {
        if (update.profile !== null) seen.push(update.profile.channels);
      });
      monitor.start();
      await time.advance(0);
      await time.advance(MINUTE);
      await time.advance(MINUTE);
      expect(api.calls).toBe(3);
      expect(seen).toHaveLength(3);
      if (unchanged) {
        // The client said "unchanged": the views of the first answer stand as they were.
        expect(seen[1]).toBe(seen[0]);
        expect(seen[2]).toBe(seen[0]);
      } else {
        expect(seen[1]).not.toBe(seen[0]);
        expect(seen[2]).toEqual(seen[0]);
      }
      expect(events).toEqual([]);
      monitor.stop();
    }
  });

  it('counts only network, timeout and server failures toward unreachable; a 429 neither adds nor resets', async () => {
    const time = new FakeTime();
    const unavailable = new AppError('server', 'Calypso answered 503.', { status: 503 });
    const limited = new AppError('rate-limit', 'Too many requests.', { status: 429, retryAfterMs: SECOND });
    const api = scripted(time, [unavailable, limited, limited, unavailable, limited, unavailable]);
    const { monitor, events } = setup(api, {}, time);
    const counts: number[] = [];
    monitor.subscribe((update) => {
      if (update.profileId === 'p1') counts.push(update.snapshot.profiles[0]?.consecutiveFailures ?? -1);
    });
    monitor.start();
    await time.advance(30 * MINUTE);
    expect(counts.slice(0, 6)).toEqual([1, 1, 1, 2, 2, 3]);
    expect(events.map((e) => e.type)).toEqual(['unreachable']);
  });

  it('stops polling a profile after an auth failure until checkNow or new credentials', async () => {
    const time = new FakeTime();
    const refused = new AppError('auth', 'Calypso refused the API key.', { status: 401 });
    const api = scripted(time, [[channel()], refused, refused, [channel()]]);
    const { monitor, events, targets } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    await time.advance(MINUTE);
    expect(api.calls).toBe(2);
    await time.advance(60 * MINUTE);
    expect(api.calls).toBe(2);
    const profile = monitor.getSnapshot().profiles[0];
    expect(profile?.state).toBe('auth-error');
    expect(profile?.nextPollAt).toBeNull();
    expect(monitor.getSnapshot().worst).toBe('auth-error');

    // checkNow retries, and is refused again: still stopped.
    await monitor.checkNow('p1');
    expect(api.calls).toBe(3);
    await time.advance(60 * MINUTE);
    expect(api.calls).toBe(3);

    // Same client again: nothing changes. A new client means new credentials: polled at once.
    const first = targets[0];
    if (first === undefined) throw new Error('no target');
    monitor.updateTargets([first]);
    await time.advance(MINUTE);
    expect(api.calls).toBe(3);
    const renewed = scripted(time, [[channel()]]);
    monitor.upsertTarget({ ...first, client: renewed });
    await time.advance(0);
    expect(renewed.calls).toBe(1);
    expect(monitor.getSnapshot().profiles[0]?.state).toBe('ok');
    expect(events.map((e) => e.type)).toEqual(['auth-failed', 'reachable']);
  });
});

describe('monitor controls', () => {
  it('checkNow polls at once, resolves with the fresh snapshot, and rejects an unknown profile', async () => {
    const time = new FakeTime();
    const api = scripted(time, [
      [channel()],
      [channel(), channel({ requestId: 'second', url: 'https://b.example/h' })],
    ]);
    const { monitor } = setup(api, {}, time);
    const snapshot = await monitor.checkNow();
    expect(snapshot.profiles[0]?.channels).toHaveLength(1);
    expect(snapshot.profiles[0]?.lastPollAt).toBe(new Date(time.now()).toISOString());
    const again = await monitor.checkNow('p1');
    expect(again.profiles[0]?.channels).toHaveLength(2);
    await expect(monitor.checkNow('nope')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('checkNow during a poll in flight polls once more after it, shared by concurrent callers', async () => {
    const time = new FakeTime();
    const releases: ((answer: ListAnswer) => void)[] = [];
    const api = new ScriptedApi(() => new Promise<ListAnswer>((resolve) => releases.push(resolve)), time.now);
    const { monitor } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    expect(api.calls).toBe(1);

    // A management action happens now; the poll in flight may have read the list before it.
    let firstDone = false;
    const first = monitor.checkNow('p1').then((snapshot) => {
      firstDone = true;
      return snapshot;
    });
    const second = monitor.checkNow();
    await settle();
    expect(api.calls).toBe(1);
    releases.shift()?.([channel()]);
    await settle();
    // The stale answer is applied, but the callers wait for the follow-up poll.
    expect(api.calls).toBe(2);
    expect(firstDone).toBe(false);
    releases.shift()?.([channel(), channel({ requestId: 'second', url: 'https://b.example/h' })]);
    const [a, b] = await Promise.all([first, second]);
    expect(a.profiles[0]?.channels).toHaveLength(2);
    expect(b.profiles[0]?.channels).toHaveLength(2);
    expect(api.calls).toBe(2);

    // A caller arriving while the follow-up runs gets one of its own.
    const third = monitor.checkNow('p1');
    await settle();
    expect(api.calls).toBe(3);
    const fourth = monitor.checkNow('p1');
    releases.shift()?.([channel()]);
    await settle();
    expect(api.calls).toBe(4);
    releases.shift()?.([]);
    await third;
    expect((await fourth).profiles[0]?.channels).toHaveLength(0);
    expect(api.calls).toBe(4);
    expect(monitor.getSnapshot().profiles[0]?.nextPollAt).toBe(new Date(time.now() + MINUTE).toISOString());
  });

  it('checkNow after new credentials abandoned a poll with a follow-up waits for a poll started after it', async () => {
    const time = new FakeTime();
    const oldReleases: ((answer: ListAnswer) => void)[] = [];
    const old = new ScriptedApi(
      () => new Promise<ListAnswer>((resolve) => oldReleases.push(resolve)),
      time.now,
    );
    const { monitor, targets } = setup(old, {}, time);
    monitor.start();
    await time.advance(0);
    const first = targets[0];
    if (first === undefined) throw new Error('no target');
    const early = monitor.checkNow('p1'); // a follow-up queued behind the poll in flight

    // New credentials abandon that poll; the new client's poll starts.
    const releases: ((answer: ListAnswer) => void)[] = [];
    const renewed = new ScriptedApi(
      () => new Promise<ListAnswer>((resolve) => releases.push(resolve)),
      time.now,
    );
    monitor.upsertTarget({ ...first, client: renewed });
    await time.advance(0);
    expect(renewed.calls).toBe(1);

    // This caller arrives while the new poll runs: it needs one more, not the abandoned poll's follow-up.
    let lateDone = false;
    const late = monitor.checkNow('p1').then((snapshot) => {
      lateDone = true;
      return snapshot;
    });
    oldReleases.shift()?.([channel()]);
    await settle();
    releases.shift()?.([channel({ url: 'https://before.example/h' })]);
    await settle();
    expect(lateDone).toBe(false);
    expect(renewed.calls).toBe(2);
    releases.shift()?.([channel({ url: 'https://after.example/h' })]);
    expect((await late).profiles[0]?.channels[0]?.url).toBe('https://after.example/h');
    // The early caller's follow-up started after its call too: it ran on the new client.
    expect((await early).profiles[0]?.channels).toHaveLength(1);
    expect(old.calls).toBe(1);
    expect(renewed.calls).toBe(2);
  });

  it('a poll that fails to apply still gets its follow-up, and leaves none behind for later callers', async () => {
    const time = new FakeTime();
    // A clock that throws once makes applying an answer fail: the poll's promise rejects.
    let clockFails = false;
    const now = (): number => {
      if (!clockFails) return time.now();
      clockFails = false;
      throw new Error('clock failed');
    };
    const releases: ((answer: ListAnswer) => void)[] = [];
    const api = new ScriptedApi(() => new Promise<ListAnswer>((resolve) => releases.push(resolve)), time.now);
    const { monitor } = setup(api, { now }, time);
    monitor.start();
    await time.advance(0);
    expect(api.calls).toBe(1);
    const waiting = monitor.checkNow('p1');
    clockFails = true;
    releases.shift()?.([channel()]);
    await settle();
    expect(clockFails).toBe(false);
    // The failed poll predates the call: its follow-up runs and answers it.
    expect(api.calls).toBe(2);
    releases.shift()?.([channel({ url: 'https://second.example/h' })]);
    expect((await waiting).profiles[0]?.channels[0]?.url).toBe('https://second.example/h');

    // Later callers during a poll in flight get a new follow-up, not the first one.
    const started = monitor.checkNow('p1');
    await settle();
    expect(api.calls).toBe(3);
    let laterDone = false;
    const later = monitor.checkNow('p1').then((snapshot) => {
      laterDone = true;
      return snapshot;
    });
    await settle();
    expect(laterDone).toBe(false);
    releases.shift()?.([channel({ url: 'https://third.example/h' })]);
    await started;
    await settle();
    expect(api.calls).toBe(4);
    expect(laterDone).toBe(false);
    releases.shift()?.([channel({ url: 'https://fourth.example/h' })]);
    expect((await later).profiles[0]?.channels[0]?.url).toBe('https://fourth.example/h');
  });

  it('pause during a poll in flight: the answer is kept, nothing is scheduled until resume', async () => {
    const time = new FakeTime();
    let release: (answer: ListAnswer) => void = () => undefined;
    const api = new ScriptedApi(() => new Promise<ListAnswer>((resolve) => (release = resolve)), time.now);
    const { monitor } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    monitor.pause(null);
    release([failing]);
    await settle();
    const profile = monitor.getSnapshot().profiles[0];
    expect(profile?.state).toBe('paused');
    expect(profile?.channels[0]?.health).toBe('failing');
    expect(profile?.nextPollAt).toBeNull();
    await time.advance(10 * MINUTE);
    expect(api.calls).toBe(1);
    api.respondWith(() => [failing]);
    monitor.resume();
    await time.advance(0);
    expect(api.calls).toBe(2);
    expect(monitor.getSnapshot().profiles[0]?.state).toBe('warning');
  });

  it('pauses until resume(), and until a given time', async () => {
    const time = new FakeTime();
    const api = scripted(time, [[channel()]]);
    const { monitor } = setup(api, {}, time);
    monitor.start();
    await time.advance(0);
    const paused = monitor.pause(null);
    expect(paused.worst).toBe('paused');
    expect(paused.profiles[0]?.state).toBe('paused');
    expect(paused.profiles[0]?.nextPollAt).toBeNull();
    await time.advance(10 * MINUTE);
    expect(api.calls).toBe(1);
    monitor.resume();
    await time.advance(0);
    expect(api.calls).toBe(2);
    expect(monitor.getSnapshot().worst).toBe('ok');

    const until = new Date(time.now() + 5 * MINUTE);
    expect(monitor.pause(until).pausedUntil).toBe(until.toISOString());
    await time.advance(5 * MINUTE - 1);
    expect(api.calls).toBe(2);
    await time.advance(1);
    expect(api.calls).toBe(3);
    expect(monitor.getSnapshot().pausedUntil).toBeNull();
  });

  it('runs at most `concurrency` polls at once across profiles', async () => {
    const time = new FakeTime();
    const releases: (() => void)[] = [];
    const apis = Array.from(
      { length: 10 },
      () =>
        new ScriptedApi(
          () =>
            new Promise<ListAnswer>((resolve) => {
              releases.push(() => resolve([channel()]));
            }),
          time.now,
        ),
    );
    let active = 0;
    let maxActive = 0;
    for (const api of apis) {
      const list = api.list.bind(api);
      api.list = async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        try {
          return await list();
        } finally {
          active -= 1;
        }
      };
    }
    const { monitor } = setup(apis, { concurrency: 4 }, time);
    const done = monitor.checkNow();
    await settle();
    expect(active).toBe(4);
    while (releases.length > 0) {
      releases.shift()?.();
      await settle();
    }
    const snapshot = await done;
    expect(maxActive).toBe(4);
    expect(snapshot.profiles.every((p) => p.state === 'ok')).toBe(true);
  });

  it('settles a long queue of polls that fail at once, or are dropped by stop(), without recursing', async () => {
    const time = new FakeTime();
    // The first poll answers later, so that the others wait in the queue behind it.
    const slow = scripted(time, [[channel()]]);
    const listSlowly = slow.listIfChanged.bind(slow);
    slow.listIfChanged = (since) =>
      new Promise((resolve) => setImmediate(resolve)).then(() => listSlowly(since));
    const refusing = Array.from({ length: 5000 }, () => {
      const api = scripted(time, [[channel()]]);
      api.listIfChanged = () => {
        throw new AppError('validation', 'The account is missing.');
      };
      return api;
    });
    const { monitor } = setup([slow, ...refusing], { concurrency: 1 }, time);
    const snapshot = await monitor.checkNow();
    expect(snapshot.profiles).toHaveLength(5001);
    expect(snapshot.profiles.slice(1).every((p) => p.lastError?.kind === 'validation')).toBe(true);

    const dropped = monitor.checkNow();
    monitor.stop();
    await expect(dropped).resolves.toMatchObject({ profiles: expect.any(Array) as unknown });
  });

  it('adds, renames and removes targets; stop() clears every timer', async () => {
    const time = new FakeTime();
    const a = scripted(time, [[channel()]]);
    const { monitor, targets } = setup(a, {}, time);
    const updates: (string | null)[] = [];
    monitor.subscribe((u) => updates.push(u.profileId));
    monitor.start();
    await time.advance(0);
    const b = scripted(time, [[failing]]);
    const first = targets[0];
    if (first === undefined) throw new Error('no target');
    monitor.updateTargets([
      { ...first, profileName: 'Renamed' },
      { profileId: 'p2', profileName: 'Two', client: b },
    ]);
    await time.advance(0);
    expect(b.calls).toBe(1);
    const snapshot = monitor.getSnapshot();
    expect(snapshot.profiles.map((p) => [p.profileName, p.state])).toEqual([
      ['Renamed', 'ok'],
      ['Two', 'warning'],
    ]);
    expect(snapshot.worst).toBe('warning');
    monitor.removeTarget('p2');
    expect(monitor.getSnapshot().profiles).toHaveLength(1);
    expect(updates).toEqual(['p1', null, 'p2', null]);
    monitor.stop();
    expect(time.pending).toBe(0);
    await time.advance(10 * MINUTE);
    expect(a.calls).toBe(1);
  });

  it('hands every update a snapshot of its own that reflects it, and never changes one already handed out', async () => {
    const time = new FakeTime();
    const blocked = channel({ blockedByErrorCount: true, errorCount: 101 });
    const apis = [
      scripted(time, [[channel()], [failing], [channel()]]),
      scripted(time, [[channel()]]),
      scripted(time, [[blocked], [channel()]]),
    ];
    const { monitor, targets } = setup(apis, {}, time);
    const seen: {
      snapshot: MonitorSnapshot;
      copy: string;
      profileId: string | null;
      profile: ProfileSnapshot | null;
    }[] = [];
    monitor.subscribe(({ snapshot, profileId, profile }) =>
      seen.push({ snapshot, copy: JSON.stringify(snapshot), profileId, profile }),
    );
    monitor.start();
    await time.advance(0);
    await time.advance(MINUTE);
    monitor.pause(null);
    monitor.resume();
    await time.advance(0);
    const extra = scripted(time, [[failing]]);
    monitor.upsertTarget({ profileId: 'p4', profileName: 'Four', client: extra });
    await time.advance(0);
    monitor.removeTarget('p2');
    monitor.upsertTarget({ ...(targets[0] as MonitorTarget), profileName: 'Renamed' });
    await time.advance(MINUTE);

    expect(seen.length).toBeGreaterThan(10);
    for (const { snapshot, copy, profileId, profile: changed } of seen) {
      expect(JSON.stringify(snapshot)).toBe(copy);
      expect(snapshot.worst).toBe(
        snapshot.pausedUntil !== null || snapshot.profiles.some((p) => p.state === 'paused')
          ? 'paused'
          : worstState(snapshot.profiles.map((p) => p.state)),
      );
      if (profileId !== null) {
        const profile = snapshot.profiles.find((p) => p.profileId === profileId);
        expect(profile?.lastPollAt).toBe(snapshot.takenAt);
        // The update's own profile is the very one the snapshot holds.
        expect(changed).toBe(profile);
      } else {
        expect(changed).toBeNull();
      }
    }
    const states = seen.map(({ snapshot }) => snapshot.worst);
    expect(states).toContain('critical');
    expect(states).toContain('warning');
    const last = monitor.getSnapshot();
    expect(last.profiles.map((p) => [p.profileId, p.profileName, p.state])).toEqual([
      ['p1', 'Renamed', 'ok'],
      ['p3', 'Shop 3', 'ok'],
      ['p4', 'Four', 'warning'],
    ]);
    expect(last.worst).toBe('warning');
    expect(seen.at(-1)?.snapshot).toBe(last);
  });

  it('reuses the views of an unchanged list, and still sees a change in any field, the secret included', async () => {
    const time = new FakeTime();
    const regenerated = channel({ secretKey: 'secret-0002' });
    const api = scripted(time, [
      [channel()],
      [channel()],
      [regenerated],
      [regenerated],
      [{ ...regenerated, errorCount: 2 }],
      new AppError('network', 'Cannot reach Calypso.'),
      [{ ...regenerated, errorCount: 2 }],
    ]);
    const { monitor, events } = setup(api, {}, time);
    const lists = [];
    for (let poll = 0; poll < 7; poll += 1) {
      lists.push((await monitor.checkNow()).profiles[0]?.channels);
    }
    expect(lists[1]).toBe(lists[0]);
    expect(lists[2]).not.toBe(lists[1]);
    expect(lists[3]).toBe(lists[2]);
    expect(lists[4]?.[0]).toMatchObject({ errorCount: 2, health: 'failing' });
    expect(lists[6]).toBe(lists[4]);
    expect(events.map((e) => e.type)).toEqual(['keys-regenerated', 'failing', 'unreachable', 'reachable']);
  });

  it('drops the answer of a poll whose credentials changed while it ran', async () => {
    const time = new FakeTime();
    let release: (answer: ListAnswer) => void = () => undefined;
    const old = new ScriptedApi(() => new Promise<ListAnswer>((resolve) => (release = resolve)), time.now);
    const { monitor, targets, events } = setup(old, {}, time);
    monitor.start();
    await time.advance(0);
    const fresh = scripted(time, [[channel()]]);
    const first = targets[0];
    if (first === undefined) throw new Error('no target');
    monitor.upsertTarget({ ...first, client: fresh });
    await time.advance(0);
    release(new AppError('auth', 'refused'));
    await settle();
    expect(monitor.getSnapshot().profiles[0]?.state).toBe('ok');
    expect(events).toEqual([]);
  });

  it('gives each poll its own abort signal, aborted at the deadline or on new credentials, never before the call', async () => {
    const time = new FakeTime();
    const api = new ScriptedApi((call) => {
      // The second poll hangs past the poll deadline, which aborts its signal.
      if (call === 2) return new Promise<ListAnswer>(() => undefined);
      return [channel()];
    }, time.now);
    const { monitor, targets } = setup(api, { pollTimeoutMs: 10 * SECOND }, time);
    monitor.start();
    await time.advance(0);
    await time.advance(MINUTE); // poll 2 starts, then times out after 10 s
    await time.advance(10 * SECOND);
    expect(monitor.getSnapshot().profiles[0]?.lastError?.kind).toBe('timeout');
    await time.advance(45 * SECOND); // poll 3: the backoff, 45 s after the timeout
    await time.advance(MINUTE); // poll 4
    expect(api.calls).toBe(4);
    const [first, second, third, fourth] = api.signals.map((s) => s.signal);
    expect(new Set([first, second, third, fourth]).size).toBe(4);
    expect([first, second, third, fourth].map((signal) => signal?.aborted)).toEqual([
      false,
      true,
      false,
      false,
    ]);

    // New credentials abandon the poll in flight: its signal is aborted, the next poll gets another.
    let release: (answer: ListAnswer) => void = () => undefined;
    api.respondWith(() => new Promise<ListAnswer>((resolve) => (release = resolve)));
    await time.advance(MINUTE); // poll 5 hangs
    const fresh = ScriptedApi.always([channel()], time.now);
    monitor.upsertTarget({ ...targets[0]!, client: fresh });
    await time.advance(0);
    release([channel()]);
    expect(api.signals.at(-1)?.signal?.aborted).toBe(true);
    expect(fresh.signals).toHaveLength(1);
    expect(fresh.signals[0]?.signal).not.toBe(api.signals.at(-1)?.signal);
    expect([...api.signals, ...fresh.signals].filter((s) => s.abortedAtCall)).toEqual([]);
  });

  it('reports a channel already blocked at the first poll, and never the secret', async () => {
    const time = new FakeTime();
    const blocked = channel({
      blockedByErrorCount: true,
      errorCount: 101,
      secretKey: 'very-secret-value-9876',
    });
    const api = scripted(time, [[blocked]]);
    const { monitor, events } = setup(api, {}, time);
    const snapshot = await monitor.checkNow();
    expect(events.map((e) => e.type)).toEqual(['blocked']);
    expect(snapshot.worst).toBe('critical');
    expect(JSON.stringify(snapshot)).not.toContain('very-secret-value');
    expect(snapshot.profiles[0]?.channels[0]?.secretKeyHint).toBe('9876');
  });
});
