// The scheduler through the monitor: intervals, backoff, Retry-After, auth stop and pause.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/common/errors';
import type { MonitorTarget } from '../../../main/core/monitor';
import { FakeTime, settle } from './fake-time';
import { ScriptedApi, channel } from './scripted-api';
import type { ListAnswer } from './scripted-api';
import { MINUTE, SECOND, failing, gaps, networkError, scripted, setup, stopMonitors } from './monitor-setup';

afterEach(stopMonitors);

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

describe('monitor pause', () => {
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
});
