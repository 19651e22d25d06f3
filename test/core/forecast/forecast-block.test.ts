import { describe, expect, it } from 'vitest';
import {
  CALYPSO_BLOCK_RULE,
  EVENT_LIFETIME_MS,
  RETRY_GAPS_MS,
  eventLossAt,
  forecastBlock,
  isLongFailure,
  type FailureObservation,
} from '../../../main/core/forecast';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A run failing every `gapMs` since T0, as one list read at `at` shows it. */
function steadyRun(gapMs: number, at: number): FailureObservation {
  const count = Math.floor((at - T0) / gapMs) + 1;
  return {
    at,
    errorCount: count,
    // Calypso's dates carry no time zone: they read as UTC.
    errorFirstDate: new Date(T0).toISOString().slice(0, -1),
    errorLastDate: new Date(T0 + (count - 1) * gapMs).toISOString().slice(0, -1),
  };
}

describe('forecastBlock from a single list', () => {
  it('20 failures a minute: 101 failures at 3 s apart are met 300 s after the first failure', () => {
    const now = T0 + MINUTE;
    const forecast = forecastBlock([steadyRun(3 * SECOND, now)], CALYPSO_BLOCK_RULE, now);
    expect(forecast.reason).toBe('forecast');
    expect(forecast.failuresPerMinute).toBeCloseTo(20, 6);
    expect(forecast.predictedBlockAt).toBe('2026-03-02T10:05:00.000Z');
  });

  it('200 failures a minute: the 101st failure comes 30 s after the first', () => {
    const now = T0 + 3 * SECOND;
    const forecast = forecastBlock([steadyRun(300, now)], CALYPSO_BLOCK_RULE, now);
    expect(forecast.failuresPerMinute).toBeCloseTo(200, 6);
    expect(forecast.predictedBlockAt).toBe('2026-03-02T10:00:30.000Z');
  });

  it('10 failures a minute never puts 101 within 10 minutes, and says so', () => {
    const now = T0 + 15 * MINUTE;
    const forecast = forecastBlock([steadyRun(6 * SECOND, now)], CALYPSO_BLOCK_RULE, now);
    expect(forecast).toEqual({ predictedBlockAt: null, failuresPerMinute: 10, reason: 'rate-too-low' });
  });

  it('a block more than 30 minutes away is not forecast', () => {
    // 12 a minute over a run that started now: 101 failures after about 8.4 min, within the horizon...
    const near = T0 + MINUTE;
    expect(forecastBlock([steadyRun(5 * SECOND, near)], CALYPSO_BLOCK_RULE, near).reason).toBe('forecast');
    // ...but a sandbox rule of 1000 failures within 2 hours at 12 a minute is about 83 minutes away.
    const slowRule = { blockAfter: 999, windowMs: 120 * MINUTE };
    const forecast = forecastBlock([steadyRun(5 * SECOND, near)], slowRule, near);
    expect(forecast.reason).toBe('beyond-horizon');
    expect(forecast.predictedBlockAt).toBeNull();
    expect(forecast.failuresPerMinute).toBeCloseTo(12, 6);
  });

  it('needs three failures with distinct dates before it estimates anything', () => {
    const two = steadyRun(3 * SECOND, T0 + 3 * SECOND);
    expect(two.errorCount).toBe(2);
    expect(forecastBlock([two], CALYPSO_BLOCK_RULE, two.at)).toEqual({
      predictedBlockAt: null,
      failuresPerMinute: null,
      reason: 'not-enough-evidence',
      evidenceNeeded: { failures: 3, currentFailures: 2 },
    });
    const sameInstant = { ...steadyRun(3 * SECOND, T0 + MINUTE), errorLastDate: '2026-03-02T10:00:00' };
    expect(forecastBlock([sameInstant], CALYPSO_BLOCK_RULE, T0 + MINUTE).reason).toBe('not-enough-evidence');
    expect(forecastBlock([], CALYPSO_BLOCK_RULE, T0).reason).toBe('not-enough-evidence');
  });

  it('follows the rule in force: a sandbox rule of 20 failures within a minute', () => {
    const now = T0 + 10 * SECOND;
    // 5 failures at 2.5 s apart (24 a minute): the 21st comes 50 s after the first.
    const forecast = forecastBlock([steadyRun(2500, now)], { blockAfter: 20, windowMs: MINUTE }, now);
    expect(forecast.predictedBlockAt).toBe('2026-03-02T10:00:50.000Z');
  });
});

describe('forecastBlock from successive polls', () => {
  it('uses the recent rate when a slow run speeds up', () => {
    // 6 a minute for 10 minutes (61 failures), then 30 more in the next minute (30 a minute).
    const first: FailureObservation = {
      at: T0 + 10 * MINUTE,
      errorCount: 61,
      errorFirstDate: '2026-03-02T10:00:00',
      errorLastDate: '2026-03-02T10:10:00',
    };
    const second: FailureObservation = {
      at: T0 + 11 * MINUTE,
      errorCount: 91,
      errorFirstDate: '2026-03-02T10:00:00',
      errorLastDate: '2026-03-02T10:11:00',
    };
    const now = second.at;
    const single = forecastBlock([second], CALYPSO_BLOCK_RULE, now);
    expect(single.reason).toBe('rate-too-low');
    const polled = forecastBlock([first, second], CALYPSO_BLOCK_RULE, now);
    expect(polled.failuresPerMinute).toBeCloseTo(30, 6);
    // Within the window at 30 a minute: min(91, 300) = 91; 10 more at 2 s apart = 20 s.
    expect(polled.predictedBlockAt).toBe('2026-03-02T10:11:20.000Z');
  });

  it('ignores polls of an earlier run', () => {
    const earlier: FailureObservation = {
      at: T0,
      errorCount: 5,
      errorFirstDate: '2026-03-02T09:00:00',
      errorLastDate: '2026-03-02T09:59:00',
    };
    const now = T0 + MINUTE;
    const current = steadyRun(3 * SECOND, now);
    expect(forecastBlock([earlier, current], CALYPSO_BLOCK_RULE, now).failuresPerMinute).toBeCloseTo(20, 6);
  });
});

describe('the retry schedule', () => {
  it('is 19 gaps of 30 s times the Fibonacci numbers, the last about 34 hours', () => {
    expect(RETRY_GAPS_MS.slice(0, 8)).toEqual([30, 30, 60, 90, 150, 240, 390, 630].map((s) => s * SECOND));
    expect(RETRY_GAPS_MS).toHaveLength(19);
    expect(RETRY_GAPS_MS.at(-1)).toBe(125_430 * SECOND);
    // 30 s x 10,945: about 91.2 hours.
    expect(EVENT_LIFETIME_MS).toBe(328_350 * SECOND);
  });

  it('puts the first lost event 91 h 12 min 30 s after the first failure', () => {
    expect(eventLossAt('2026-03-02T10:00:00')).toBe('2026-03-06T05:12:30.000Z');
    expect(eventLossAt(null)).toBeNull();
  });

  it('calls a run long after 24 hours', () => {
    expect(isLongFailure('2026-03-02T10:00:00', T0 + 24 * 60 * MINUTE)).toBe(false);
    expect(isLongFailure('2026-03-02T10:00:00', T0 + 24 * 60 * MINUTE + 1)).toBe(true);
    expect(isLongFailure(null, T0 + 48 * 60 * MINUTE)).toBe(false);
  });
});
