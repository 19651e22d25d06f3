// The reducer and the publisher through the monitor: what each update and snapshot says.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/common/errors';
import type { MonitorSnapshot, MonitorTarget, ProfileSnapshot } from '../../../main/core/monitor';
import { worstState } from '../../../main/core/monitor';
import { FakeTime } from './fake-time';
import { ScriptedApi, channel } from './scripted-api';
import { MINUTE, failing, scripted, setup, stopMonitors } from './monitor-setup';

afterEach(stopMonitors);

describe('monitor snapshots', () => {
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

  it('a listener that throws is logged and never keeps the others from their update or events', async () => {
    const time = new FakeTime();
    const api = scripted(time, [[failing]]);
    const lines: string[] = [];
    const { monitor, events } = setup(api, { log: (line) => lines.push(line) }, time);
    monitor.subscribe(() => {
      throw new Error('tray exploded');
    });
    monitor.onEvent(() => {
      throw new Error('notifier exploded');
    });
    const profiles: (string | null)[] = [];
    monitor.subscribe((update) => profiles.push(update.profileId));
    await monitor.checkNow();
    expect(profiles).toEqual(['p1']);
    expect(events.map((event) => event.type)).toEqual(['failing']);
    expect(lines).toEqual([
      expect.stringMatching(/^monitor: a snapshot listener failed: .*tray exploded$/),
      expect.stringMatching(/^monitor: an event listener failed: .*notifier exploded$/),
    ]);
  });

  it('stop() ends every subscription', async () => {
    const time = new FakeTime();
    const api = scripted(time, [[channel()], [failing]]);
    const { monitor, events } = setup(api, {}, time);
    const updates: (string | null)[] = [];
    monitor.subscribe((update) => updates.push(update.profileId));
    await monitor.checkNow();
    monitor.stop();
    monitor.subscribe((update) => updates.push(`late ${update.profileId}`));
    monitor.pause(null);
    monitor.removeTarget('p1');
    expect(updates).toEqual(['p1']);
    expect(events).toEqual([]);
  });
});
