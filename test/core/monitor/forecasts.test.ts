import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../main/core/api/channel';
import type { MonitorEvent } from '../../../main/core/monitor/types';
import { initialPollState, reducePoll, type PollState } from '../../../main/core/monitor/reducer';
import { channel } from './scripted-api';

const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A channel failing every `gapMs` since T0, as a list read at `at` shows it. */
function failingAt(gapMs: number, at: number, first = T0): Channel {
  const count = Math.floor((at - first) / gapMs) + 1;
  return channel({
    errorCount: count,
    errorFirstDate: new Date(first).toISOString().slice(0, -1),
    errorLastDate: new Date(first + (count - 1) * gapMs).toISOString().slice(0, -1),
  });
}

/** Polls at each time with the list given for it; returns the final state and every event. */
function poll(times: number[], list: (at: number) => Channel[], from: PollState = initialPollState('p1')) {
  let state = from;
  const events: MonitorEvent[] = [];
  for (const at of times) {
    const result = reducePoll(
      state,
      { ok: true, update: { changed: true, channels: list(at), token: `t${at}` }, startedAt: at },
      at,
    );
    state = result.state;
    events.push(...result.events);
  }
  return { state, events };
}

describe('the monitor forecasts blocks', () => {
  it('puts the forecast on a failing channel view: 20 a minute is blocked 5 minutes after the first failure', () => {
    const { state } = poll([T0 + MINUTE], (at) => [failingAt(3000, at)]);
    expect(state.channels[0]).toMatchObject({
      health: 'failing',
      predictedBlockAt: '2026-03-02T10:05:00.000Z',
    });
    expect(state.channels[0]?.failuresPerMinute).toBeCloseTo(20, 6);
  });

  it('warns block-risk once per failure run, when the forecast first falls within 10 minutes', () => {
    // 12 a minute: 101 failures take 500 s, so at 10:00:30 the block is ~8 minutes away.
    const times = [T0 + 30_000, T0 + 60_000, T0 + 90_000];
    const { events } = poll(times, (at) => [failingAt(5000, at)]);
    const risks = events.filter((e) => e.type === 'block-risk');
    expect(risks).toHaveLength(1);
    expect(risks[0]).toMatchObject({
      at: '2026-03-02T10:00:30.000Z',
      predictedBlockAt: '2026-03-02T10:08:20.000Z',
      message: expect.stringContaining('Calypso will block this webhook in about 8 minutes'),
    });
    expect(risks[0]?.failuresPerMinute).toBeCloseTo(12, 6);

    // A new run (the channel recovered, then failed again) is a new incident: warned again.
    const later = T0 + HOUR;
    const again = poll(
      [later + 30_000],
      (at) => [failingAt(5000, at, later)],
      poll(times, (at) => [failingAt(5000, at)]).state,
    );
    expect(again.events.map((e) => e.type)).toContain('block-risk');
  });

  it('drops a forecast an unchanged list has outlived: the failures it promised did not come', () => {
    const { state } = poll([T0 + MINUTE], (at) => [failingAt(3000, at)]);
    const blockAt = Date.parse(state.channels[0]?.predictedBlockAt ?? '');
    const unchanged = (at: number) =>
      reducePoll(state, { ok: true, update: { changed: false, token: 'same' }, startedAt: at }, at).state;
    // Before the block time the views are kept as they were; after it, the forecast is gone.
    expect(unchanged(blockAt - 1000).channels).toBe(state.channels);
    expect(unchanged(blockAt + 1000).channels[0]).toMatchObject({
      health: 'failing',
      predictedBlockAt: null,
    });
  });

  it('does not warn a run too slow to be blocked, and its view says null', () => {
    const { state, events } = poll([T0 + 20 * MINUTE], (at) => [failingAt(6000, at)]);
    expect(events.map((e) => e.type)).toEqual(['failing']);
    expect(state.channels[0]).toMatchObject({ predictedBlockAt: null, failuresPerMinute: 10 });
  });

  it('follows the rule the list answer announces', () => {
    // 12 a minute never blocks under a 200-in-10-minutes rule.
    const at = T0 + 30_000;
    const { state } = poll([at], () => []);
    const result = reducePoll(
      state,
      {
        ok: true,
        update: {
          changed: true,
          channels: [failingAt(5000, at)],
          token: 'x',
          blockRule: { blockAfter: 199, windowMs: 10 * MINUTE },
        },
        startedAt: at,
      },
      at,
    );
    expect(result.state.channels[0]).toMatchObject({ predictedBlockAt: null });
    // Under Calypso's rule the same run is warned (the test above): here it is not.
    expect(result.events.map((e) => e.type)).toEqual(['added', 'failing']);
  });

  it('escalates a run failing for more than 24 hours once, with the time events start being lost', () => {
    // One failure every 2 hours: never blocked.
    const times = [T0 + 24 * HOUR, T0 + 24 * HOUR + 1, T0 + 30 * HOUR];
    const { events } = poll(times, (at) => [failingAt(2 * HOUR, at)]);
    const long = events.filter((e) => e.type === 'failing-long');
    expect(long).toHaveLength(1);
    expect(long[0]).toMatchObject({
      at: '2026-03-03T10:00:00.001Z',
      // 30 s x 10,945 (the 19 Fibonacci gaps) = 91 h 12 min 30 s after the first failure.
      eventLossAt: '2026-03-06T05:12:30.000Z',
      message: expect.stringContaining('events will be lost from 2026-03-06 05:12 UTC on'),
    });
  });
});
