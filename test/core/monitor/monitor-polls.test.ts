// The runner through the monitor: checkNow and its follow-ups, the queue, the deadline and abort.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/common/errors';
import { FakeTime, settle } from './fake-time';
import { ScriptedApi, channel } from './scripted-api';
import type { ListAnswer } from './scripted-api';
import { MINUTE, SECOND, scripted, setup, stopMonitors } from './monitor-setup';

afterEach(stopMonitors);

describe('monitor polls', () => {
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
});
