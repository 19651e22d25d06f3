import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Channel } from '../../../main/core/api/channel';
import {
  classifyChannel,
  profileStateOf,
  toChannelView,
  worstState,
} from '../../../main/core/monitor/classify';
import {
  diffObservations,
  fingerprintSecret,
  healthTransitionEvents,
  observeChannels,
} from '../../../main/core/monitor/diff';
import type { PollStatus, ProfileObservation } from '../../../main/core/monitor/diff';
import type { ChannelHealth, ProfileState } from '../../../main/core/monitor/types';
import { channel } from './scripted-api';

const AT = '2025-01-01T12:00:00.000Z';

function seen(channels: Channel[] | null, status: PollStatus = 'ok'): ProfileObservation {
  return {
    profileId: 'p1',
    status,
    error:
      status === 'ok' || status === 'none'
        ? null
        : { kind: status === 'auth-error' ? 'auth' : 'network', message: 'x' },
    channels: channels === null ? null : observeChannels(channels),
  };
}

function types(prev: ProfileObservation | null, next: ProfileObservation): string[] {
  return diffObservations(prev, next, AT).map((e) => e.type);
}

const healthy = channel();
const failing = channel({ errorCount: 5, errorFirstDate: '2025-01-01T11:42:00.000Z' });
const blocked = channel({ errorCount: 101, blockedByErrorCount: true });
const disabled = channel({ enabled: false });

describe('classify', () => {
  it('orders blocked > disabled > failing > healthy', () => {
    expect(classifyChannel(channel({ blockedByErrorCount: true, enabled: false, errorCount: 3 }))).toBe(
      'blocked',
    );
    expect(classifyChannel(channel({ enabled: false, errorCount: 3 }))).toBe('disabled');
    expect(classifyChannel(channel({ errorCount: 1 }))).toBe('failing');
    expect(classifyChannel(healthy)).toBe('healthy');
  });

  it('builds a view without the secret', () => {
    const view = toChannelView(channel({ secretKey: 'abcdefgh1234' }));
    expect(view).not.toHaveProperty('secretKey');
    expect(view.secretKeyHint).toBe('1234');
    expect(view.health).toBe('healthy');
  });

  it('derives the profile state', () => {
    const h = (health: ChannelHealth) => ({ health });
    const base = { paused: false, lastError: null };
    expect(profileStateOf({ ...base, channels: null })).toBe('unknown');
    expect(profileStateOf({ ...base, channels: [] })).toBe('critical');
    expect(profileStateOf({ ...base, channels: [h('healthy'), h('disabled')] })).toBe('critical');
    expect(profileStateOf({ ...base, channels: [h('blocked'), h('failing')] })).toBe('critical');
    expect(profileStateOf({ ...base, channels: [h('healthy'), h('failing')] })).toBe('warning');
    expect(profileStateOf({ ...base, channels: [h('healthy')] })).toBe('ok');
    expect(profileStateOf({ paused: true, lastError: null, channels: [h('blocked')] })).toBe('paused');
    expect(profileStateOf({ paused: false, lastError: { kind: 'auth', message: '' }, channels: null })).toBe(
      'auth-error',
    );
    expect(profileStateOf({ paused: false, lastError: { kind: 'timeout', message: '' }, channels: [] })).toBe(
      'unreachable',
    );
    expect(
      profileStateOf({
        paused: false,
        lastError: { kind: 'rate-limit', message: '' },
        channels: [h('failing')],
      }),
    ).toBe('warning');
  });

  it('ranks states for the tray', () => {
    const order: ProfileState[] = [
      'ok',
      'paused',
      'unknown',
      'warning',
      'unreachable',
      'auth-error',
      'critical',
    ];
    order.forEach((state, i) => expect(worstState(order.slice(0, i + 1))).toBe(state));
    expect(worstState([])).toBe('unknown');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...order), { minLength: 1 }), (states) => {
        const worst = worstState(states);
        expect(states).toContain(worst);
        expect(worstState([...states].reverse())).toBe(worst);
      }),
    );
  });
});

describe('diff', () => {
  it('follows the transition table', () => {
    const all: (ChannelHealth | null)[] = [null, 'healthy', 'failing', 'blocked', 'disabled'];
    const table = Object.fromEntries(
      all.map((from) => [
        String(from),
        Object.fromEntries(
          (['healthy', 'failing', 'blocked', 'disabled'] as const).map((to) => [
            to,
            healthTransitionEvents(from, to),
          ]),
        ),
      ]),
    );
    expect(table).toEqual({
      null: { healthy: [], failing: ['failing'], blocked: ['blocked'], disabled: ['disabled'] },
      healthy: { healthy: [], failing: ['failing'], blocked: ['blocked'], disabled: ['disabled'] },
      failing: { healthy: ['recovered'], failing: [], blocked: ['blocked'], disabled: ['disabled'] },
      blocked: { healthy: ['recovered'], failing: ['failing'], blocked: [], disabled: ['disabled'] },
      disabled: { healthy: ['enabled'], failing: ['enabled', 'failing'], blocked: ['blocked'], disabled: [] },
    });
  });

  it('emits each channel event kind', () => {
    expect(types(seen([healthy]), seen([healthy, channel({ requestId: 'b' })]))).toEqual(['added']);
    expect(types(seen([healthy, channel({ requestId: 'b' })]), seen([healthy]))).toEqual(['removed']);
    expect(types(seen([healthy]), seen([failing]))).toEqual(['failing']);
    expect(types(seen([failing]), seen([blocked]))).toEqual(['blocked']);
    expect(types(seen([blocked]), seen([healthy]))).toEqual(['recovered']);
    expect(types(seen([failing]), seen([healthy]))).toEqual(['recovered']);
    expect(types(seen([healthy]), seen([disabled]))).toEqual(['disabled']);
    expect(types(seen([disabled]), seen([healthy]))).toEqual(['enabled']);
    expect(types(seen([healthy]), seen([channel({ url: 'https://new.example/h' })]))).toEqual([
      'url-changed',
    ]);
    expect(types(seen([healthy]), seen([channel({ publicKey: 'pub-2' })]))).toEqual(['keys-regenerated']);
    expect(types(seen([healthy]), seen([channel({ secretKey: 'other' })]))).toEqual(['keys-regenerated']);
    expect(types(seen([healthy]), seen([failing]))).toEqual(['failing']);
    expect(types(seen([failing]), seen([channel({ errorCount: 50 })]))).toEqual([]);
  });

  it('emits each profile event kind', () => {
    expect(types(seen([healthy]), seen([healthy], 'auth-error'))).toEqual(['auth-failed']);
    expect(types(seen([healthy], 'auth-error'), seen([healthy], 'auth-error'))).toEqual([]);
    expect(types(seen([healthy]), seen([healthy], 'unreachable'))).toEqual(['unreachable']);
    expect(types(seen([healthy], 'unreachable'), seen([healthy], 'unreachable'))).toEqual([]);
    expect(types(seen([healthy], 'unreachable'), seen([healthy]))).toEqual(['reachable']);
    expect(types(seen([healthy], 'auth-error'), seen([healthy]))).toEqual(['reachable']);
    expect(types(seen([healthy], 'unreachable'), seen([healthy], 'auth-error'))).toEqual(['auth-failed']);
    expect(types(null, seen(null, 'unreachable'))).toEqual(['unreachable']);
  });

  it('reports only bad states on the first list', () => {
    expect(
      types(null, seen([healthy, { ...failing, requestId: 'f' }, { ...blocked, requestId: 'b' }])),
    ).toEqual(['failing', 'blocked']);
    expect(types(seen(null, 'unreachable'), seen([healthy]))).toEqual(['reachable']);
  });

  it('carries url, errorCount, previous url and error, but never the secret', () => {
    const prev = seen([failing]);
    const moved = { ...blocked, url: 'https://moved.example/h', secretKey: 'the-new-secret' };
    const events = diffObservations(prev, seen([moved]), AT);
    expect(events.map((e) => e.type)).toEqual(['url-changed', 'keys-regenerated', 'blocked']);
    const blockedEvent = events[2];
    expect(blockedEvent).toMatchObject({
      profileId: 'p1',
      requestId: moved.requestId,
      url: 'https://moved.example/h',
      errorCount: 101,
      at: AT,
    });
    expect(events[0]?.previousUrl).toBe(failing.url);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(JSON.stringify(events)).not.toContain('the-new-secret');
    const auth = diffObservations(prev, seen([failing], 'auth-error'), AT)[0];
    expect(auth).toMatchObject({ type: 'auth-failed', requestId: null, url: null, errorCount: null });
    expect(auth?.error?.kind).toBe('auth');
  });

  it('describes a failing channel for a person', () => {
    const [event] = diffObservations(seen([healthy]), seen([failing]), AT);
    expect(event?.message).toBe('https://shop.example/hooks: 5 failed deliveries since 2025-01-01 11:42 UTC');
  });

  it('fingerprints secrets with SHA-256', () => {
    expect(fingerprintSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
