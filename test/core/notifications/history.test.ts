import { CALYPSO_BLOCK_RULE } from '../../../main/common/block-rule';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../main/core/notifications/history';
import type { HistoryOptions } from '../../../main/core/notifications/history';
import type { ChannelHealth, MonitorEvent, MonitorSnapshot } from '../../../main/core/monitor/types';
import { toChannelView } from '../../../main/core/monitor/classify';
import { FakeTime } from '../monitor/fake-time';
import { channel } from '../monitor/scripted-api';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wt-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function snapshotAt(
  time: number,
  channels: { requestId: string; errorCount: number; health: ChannelHealth }[],
  profileId = 'p1',
): MonitorSnapshot {
  const at = new Date(time).toISOString();
  return {
    takenAt: at,
    worst: 'ok',
    pausedUntil: null,
    profiles: [
      {
        profileId,
        profileName: 'Shop',
        state: 'ok',
        lastPollAt: at,
        nextPollAt: null,
        lastError: null,
        consecutiveFailures: 0,
        blockRule: CALYPSO_BLOCK_RULE,
        channels: channels.map((c) => ({
          ...toChannelView(
            channel({
              requestId: c.requestId,
              errorCount: c.errorCount,
              blockedByErrorCount: c.health === 'blocked',
              enabled: c.health !== 'disabled',
            }),
          ),
          health: c.health,
        })),
      },
    ],
  };
}

function event(n: number, time: number, requestId: string | null = 'r1'): MonitorEvent {
  return {
    id: `e${n}`,
    type: 'failing',
    at: new Date(time).toISOString(),
    profileId: 'p1',
    requestId,
    url: 'https://shop.example/hooks',
    errorCount: n,
    message: `event ${n}`,
  };
}

async function open(time: FakeTime, options: Partial<HistoryOptions> = {}) {
  return openHistory({ dir, timers: time, now: time.now, ...options });
}

describe('history', () => {
  it('keeps changes, thins out steady points, and survives a restart', async () => {
    const time = new FakeTime();
    const history = await open(time);
    const t0 = time.now();
    history.record(snapshotAt(t0, [{ requestId: 'r1', errorCount: 0, health: 'healthy' }]), []);
    history.record(snapshotAt(t0 + MINUTE, [{ requestId: 'r1', errorCount: 0, health: 'healthy' }]), []);
    history.record(snapshotAt(t0 + 2 * MINUTE, [{ requestId: 'r1', errorCount: 2, health: 'failing' }]), [
      event(1, t0 + 2 * MINUTE),
    ]);
    history.record(snapshotAt(t0 + 8 * MINUTE, [{ requestId: 'r1', errorCount: 2, health: 'failing' }]), []);
    const points = history.channelHistory('p1', 'r1').points;
    expect(points.map((p) => [p.errorCount, p.health])).toEqual([
      [0, 'healthy'],
      [2, 'failing'],
      [2, 'failing'],
    ]);
    await history.close();

    const reopened = await open(time);
    const again = reopened.channelHistory('p1', 'r1');
    expect(again.points).toEqual(points);
    expect(again.events.map((e) => e.id)).toEqual(['e1']);
    expect(reopened.events()).toHaveLength(1);
    await reopened.close();
  });

  it('ignores a snapshot it has already recorded and profiles whose poll failed', async () => {
    const time = new FakeTime();
    const history = await open(time);
    const snap = snapshotAt(time.now(), [{ requestId: 'r1', errorCount: 1, health: 'failing' }]);
    history.record(snap, []);
    history.record(snap, []);
    const failed = snapshotAt(time.now() + 10 * MINUTE, [
      { requestId: 'r1', errorCount: 9, health: 'failing' },
    ]);
    const profile = failed.profiles[0];
    if (profile === undefined) throw new Error('no profile');
    profile.lastError = { kind: 'network', message: 'down' };
    history.record(failed, []);
    expect(history.channelHistory('p1', 'r1').points).toHaveLength(1);
    await history.close();
  });

  it('debounces writes and writes atomically', async () => {
    const time = new FakeTime();
    const history = await open(time, { debounceMs: 5000 });
    history.record(snapshotAt(time.now(), [{ requestId: 'r1', errorCount: 0, health: 'healthy' }]), []);
    await time.advance(4999);
    expect(await readdir(dir)).toEqual([]);
    await time.advance(1);
    await history.flush();
    expect(await readdir(dir)).toEqual(['history.json']);
    const saved = JSON.parse(await readFile(join(dir, 'history.json'), 'utf8')) as { version: number };
    expect(saved.version).toBe(1);
    await history.close();
  });

  it('caps the event log at 500, newest first', async () => {
    const time = new FakeTime();
    const history = await open(time);
    for (let i = 1; i <= 620; i += 1)
      history.record({ ...snapshotAt(time.now(), []), profiles: [] }, [event(i, time.now())]);
    const all = history.events();
    expect(all).toHaveLength(500);
    expect(all[0]?.id).toBe('e620');
    expect(all[499]?.id).toBe('e121');
    expect(history.events(3).map((e) => e.id)).toEqual(['e620', 'e619', 'e618']);
    expect(history.events(0)).toEqual([]);
    await history.close();
    const reopened = await open(time);
    expect(reopened.events()).toHaveLength(500);
    await reopened.close();
  });

  it('drops points older than the age cap and keeps series within the count caps', async () => {
    const time = new FakeTime();
    const history = await open(time, { maxPointsPerChannel: 10, maxTotalPoints: 12, minPointSpacingMs: 0 });
    const t0 = time.now();
    for (let i = 0; i < 30; i += 1) {
      history.record(
        snapshotAt(t0 + i * MINUTE, [{ requestId: 'r1', errorCount: i, health: 'failing' }]),
        [],
      );
    }
    expect(history.channelHistory('p1', 'r1').points).toHaveLength(10);
    for (let i = 0; i < 30; i += 1) {
      history.record(
        snapshotAt(t0 + i * MINUTE, [{ requestId: 'r2', errorCount: i, health: 'failing' }], 'p2'),
        [],
      );
    }
    await history.close();
    const capped = await open(time, { maxPointsPerChannel: 10, maxTotalPoints: 12 });
    expect(capped.channelHistory('p1', 'r1').points).toHaveLength(6);
    expect(capped.channelHistory('p2', 'r2').points.at(-1)?.errorCount).toBe(29);
    await capped.close();

    time.current = t0 + 8 * DAY;
    const aged = await open(time);
    expect(aged.channelHistory('p1', 'r1').points).toEqual([]);
    await aged.close();
  });

  it('sets an unreadable file aside and starts empty', async () => {
    const time = new FakeTime();
    await writeFile(join(dir, 'history.json'), '{"version": 1, "series": ');
    const lines: string[] = [];
    const history = await open(time, { log: (line) => lines.push(line) });
    expect(history.events()).toEqual([]);
    expect(lines[0]).toMatch(/^history: .* is unreadable/);
    expect((await readdir(dir)).some((name) => name.startsWith('history.json.corrupt-'))).toBe(true);
    await history.close();
  });
});
