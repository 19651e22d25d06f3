import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../main/core/api/channel';
import { AppError } from '../../../main/common/errors';
import {
  hasFailingChannel,
  initialPollState,
  reducePoll,
  withNewCredentials,
  type PollOutcome,
  type PollState,
} from '../../../main/core/monitor/reducer';
import { channel } from './scripted-api';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

const answer = (channels: Channel[], token: string, startedAt = T0): PollOutcome => ({
  ok: true,
  update: { changed: true, channels, token },
  startedAt,
});
const unchanged = (token: string, startedAt = T0): PollOutcome => ({
  ok: true,
  update: { changed: false, token },
  startedAt,
});
const failure = (error: AppError, startedAt = T0): PollOutcome => ({ ok: false, error, startedAt });

const network = new AppError('network', 'Cannot reach Calypso.');
const refused = new AppError('auth', 'Calypso refused the API key.', { status: 401 });
const limited = new AppError('rate-limit', 'Too many requests.', { status: 429, retryAfterMs: 1000 });

/** Runs outcomes one after another from a fresh profile; returns every state and the event types. */
function run(outcomes: PollOutcome[], from: PollState = initialPollState('p1')) {
  let state = from;
  const states: PollState[] = [];
  const events: string[][] = [];
  outcomes.forEach((outcome, index) => {
    const result = reducePoll(state, outcome, T0 + (index + 1) * 1000);
    state = result.state;
    states.push(state);
    events.push(result.events.map((event) => event.type));
  });
  return { state, states, events };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const item of value.values()) deepFreeze(item);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

describe('reducePoll: answers', () => {
  it('takes the first list: views without secrets, its token, the times, and only bad states as events', () => {
    const blocked = channel({
      requestId: 'b',
      blockedByErrorCount: true,
      errorCount: 101,
      secretKey: 'top-secret-1',
    });
    const { state, events } = run([answer([channel(), blocked], 'tok-1', T0 + 10)]);
    expect(state.observation.status).toBe('ok');
    expect(state.channels.map((view) => [view.requestId, view.health])).toEqual([
      [channel().requestId, 'healthy'],
      ['b', 'blocked'],
    ]);
    expect(JSON.stringify(state.channels)).not.toContain('top-secret');
    expect(state.listToken).toBe('tok-1');
    expect(state.lastPollAt).toBe(T0 + 1000);
    expect(state.lastStartAt).toBe(T0 + 10);
    expect(events).toEqual([['blocked']]);
  });

  it('keeps the very views for an unchanged answer and reports nothing', () => {
    const { states, events } = run([answer([channel()], 'tok-1'), unchanged('tok-1')]);
    expect(states[1]!.channels).toBe(states[0]!.channels);
    expect(states[1]!.observation.channels).toBe(states[0]!.observation.channels);
    expect(states[1]!.lastPollAt).toBe(T0 + 2000);
    expect(events).toEqual([[], []]);
  });

  it('asks for the whole list again when "unchanged" comes before any list', () => {
    const { state } = run([unchanged('tok-x')], { ...initialPollState('p1'), listToken: 'tok-x' });
    expect(state.listToken).toBeNull();
    expect(state.observation.channels).toBeNull();
  });

  it('observes a changed answer afresh: any field reaches the views; equal content reports nothing', () => {
    const first = channel({ errorCount: 2, errorFirstDate: '2025-01-01T11:00:00.000Z' });
    const fields = Object.keys(first).filter((field) => field !== 'secretKey') as (keyof Channel)[];
    expect(fields.length).toBeGreaterThanOrEqual(11);
    const start = run([answer([first], 'tok-1')]).state;
    expect(run([answer([{ ...first }], 'tok-2')], start).events).toEqual([[]]);
    for (const field of fields) {
      const value = first[field];
      const other =
        typeof value === 'string'
          ? `${value}x`
          : typeof value === 'number'
            ? value + 1
            : typeof value === 'boolean'
              ? !value
              : Array.isArray(value)
                ? [...value, 'EXTRA']
                : '2025-01-02T00:00:00.000Z';
      const changed = { ...first, [field]: other } as Channel;
      const { state } = run([answer([changed], 'tok-2')], start);
      const view = state.channels[0] as unknown as Record<string, unknown> | undefined;
      // A changed requestId is another channel: the view is then that one.
      expect(view?.[field], field).toEqual(other);
    }
  });

  it('reports regenerated keys from the secret alone, without keeping the secret', () => {
    const start = run([answer([channel({ secretKey: 'secret-0001' })], 'tok-1')]).state;
    const { state, events } = run([answer([channel({ secretKey: 'secret-0002' })], 'tok-2')], start);
    expect(events).toEqual([['keys-regenerated']]);
    expect(JSON.stringify([...state.observation.channels!.values()])).not.toContain('secret-000');
  });
});

describe('reducePoll: failures', () => {
  it('counts network failures toward unreachable and reports the transition once; an answer resets it', () => {
    const { states, events } = run([
      answer([channel()], 'tok-1'),
      failure(network),
      failure(network),
      unchanged('tok-1'),
    ]);
    expect(states.map((state) => state.consecutiveFailures)).toEqual([0, 1, 2, 0]);
    expect(states.map((state) => state.observation.status)).toEqual([
      'ok',
      'unreachable',
      'unreachable',
      'ok',
    ]);
    expect(states[2]!.lastError?.kind).toBe('network');
    expect(states[3]!.lastError).toBeNull();
    // The channels seen before stay known while unreachable.
    expect(states[2]!.channels).toBe(states[0]!.channels);
    expect(events).toEqual([[], ['unreachable'], [], ['reachable']]);
  });

  it('a 429 keeps status, channels and the count of failures, and records the error', () => {
    const { states, events } = run([answer([channel()], 'tok-1'), failure(network), failure(limited)]);
    expect(states[2]!.observation.status).toBe('unreachable');
    expect(states[2]!.consecutiveFailures).toBe(1);
    expect(states[2]!.lastError?.kind).toBe('rate-limit');
    expect(events[2]).toEqual([]);
    const healthy = run([answer([channel()], 'tok-1'), failure(limited)]);
    expect(healthy.state.observation.status).toBe('ok');
    expect(healthy.state.channels).toBe(healthy.states[0]!.channels);
  });

  it('refused credentials: auth-error, reported once, and the unreachable count starts over', () => {
    const { states, events } = run([
      failure(network),
      failure(refused),
      failure(refused),
      answer([], 'tok-1'),
    ]);
    expect(states.map((state) => state.observation.status)).toEqual([
      'unreachable',
      'auth-error',
      'auth-error',
      'ok',
    ]);
    expect(states[1]!.consecutiveFailures).toBe(0);
    expect(events).toEqual([['unreachable'], ['auth-failed'], [], ['reachable']]);
  });
});

describe('reducer helpers', () => {
  it('never changes the state it is given', () => {
    const start = deepFreeze(run([answer([channel()], 'tok-1')]).state);
    expect(() =>
      run(
        [failure(network), failure(refused), failure(limited), answer([channel({ errorCount: 1 })], 't')],
        start,
      ),
    ).not.toThrow();
    expect(() => withNewCredentials(start)).not.toThrow();
  });

  it('new credentials drop the token and the failure count, and keep what was seen', () => {
    const { state } = run([answer([channel()], 'tok-1'), failure(network)]);
    const renewed = withNewCredentials(state);
    expect(renewed.listToken).toBeNull();
    expect(renewed.consecutiveFailures).toBe(0);
    expect(renewed.channels).toBe(state.channels);
  });

  it('tells a profile with a failing channel, which picks the fast interval', () => {
    expect(hasFailingChannel(run([answer([channel()], 't')]).state)).toBe(false);
    expect(
      hasFailingChannel(run([answer([channel(), channel({ requestId: 'f', errorCount: 1 })], 't')]).state),
    ).toBe(true);
    expect(
      hasFailingChannel(run([answer([channel({ blockedByErrorCount: true, errorCount: 9 })], 't')]).state),
    ).toBe(false);
  });
});
