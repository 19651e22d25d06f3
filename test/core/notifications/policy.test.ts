import { CALYPSO_BLOCK_RULE } from '../../../main/common/block-rule';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_SETTINGS } from '../../../main/core/accounts/types';
import { decideNotifications, initialPolicyState } from '../../../main/core/notifications/policy';
import { isSnoozed } from '../../../main/core/notifications/snoozes';
import type { PolicySettings, PolicyState } from '../../../main/core/notifications/policy';
import type { MonitorEvent, MonitorEventType, ProfileSnapshot } from '../../../main/core/monitor/types';

const NOW = new Date('2025-01-01T12:00:00.000Z');
const URL = 'https://shop.example/hooks';
const RID = 'req-1';

const settings: PolicySettings = {
  notifications: { ...DEFAULT_APP_SETTINGS.notifications },
  snoozeAllUntil: null,
  channelSnoozes: {},
};

function event(type: MonitorEventType, overrides: Partial<MonitorEvent> = {}): MonitorEvent {
  const channelLevel = !['auth-failed', 'unreachable', 'reachable'].includes(type);
  return {
    id: `${type}-${Math.random()}`,
    type,
    at: NOW.toISOString(),
    profileId: 'p1',
    requestId: channelLevel ? RID : null,
    url: channelLevel ? URL : null,
    errorCount: channelLevel ? (type === 'blocked' ? 101 : 4) : null,
    message: '',
    ...overrides,
  };
}

/** The channel the events are about, as the snapshot lists it (failing: the events say how it goes). */
const listedChannel = {
  requestId: RID,
  url: URL,
  health: 'failing',
  errorCount: 4,
} as ProfileSnapshot['channels'][number];

function profile(overrides: Partial<ProfileSnapshot> = {}): ProfileSnapshot {
  return {
    profileId: 'p1',
    profileName: 'Main shop',
    state: 'warning',
    lastPollAt: NOW.toISOString(),
    nextPollAt: null,
    lastError: null,
    consecutiveFailures: 0,
    blockRule: CALYPSO_BLOCK_RULE,
    channels: [listedChannel],
    ...overrides,
  };
}

/** Feeds updates through the policy, threading the state; returns every notification per step. */
function run(
  steps: { events: MonitorEvent[]; profile?: Partial<ProfileSnapshot> }[],
  options: { settings?: PolicySettings; now?: Date; state?: PolicyState } = {},
) {
  let state = options.state ?? initialPolicyState();
  const out = steps.map((step) => {
    const decision = decideNotifications({
      events: step.events,
      profiles: [profile(step.profile)],
      state,
      settings: options.settings ?? settings,
      now: options.now ?? NOW,
    });
    state = decision.nextState;
    return decision.notifications;
  });
  return { out, kinds: out.map((n) => n.map((x) => x.kind)), state };
}

describe('notification policy', () => {
  it('notifies a block at once, with a message a merchant can act on', () => {
    const { out } = run([{ events: [event('blocked')] }]);
    expect(out[0]).toEqual([
      {
        kind: 'blocked',
        urgency: 'critical',
        title: `Webhook blocked: ${URL}`,
        body: expect.stringContaining('Calypso stopped deliveries after 101 failures') as unknown,
        profileId: 'p1',
        requestId: RID,
        tag: `p1/${RID}/${NOW.toISOString()}`,
      },
    ]);
    expect(out[0]?.[0]?.body).toContain('unblock it in the Calypso dashboard');
  });

  it('warns when failing starts, escalates to blocked on the same tag, then reports recovery once', () => {
    const { out, kinds, state } = run([
      { events: [event('failing')] },
      { events: [] },
      { events: [event('blocked')] },
      { events: [event('recovered')] },
    ]);
    expect(kinds).toEqual([['failing'], [], ['blocked'], ['recovered']]);
    expect(out[0]?.[0]?.urgency).toBe('normal');
    expect(out[3]?.[0]?.urgency).toBe('low');
    const tags = new Set(out.flat().map((n) => n.tag));
    expect(tags.size).toBe(1);
    expect(state.incidents).toEqual({});
  });

  it('uses the channel errorFirstDate as the incident start when the snapshot has it', () => {
    const firstError = '2025-01-01T11:42:00.000Z';
    const { out } = run([
      {
        events: [event('failing')],
        profile: {
          channels: [{ requestId: RID, errorFirstDate: firstError } as ProfileSnapshot['channels'][number]],
        },
      },
    ]);
    expect(out[0]?.[0]?.tag).toBe(`p1/${RID}/${firstError}`);
  });

  it('never sends the same notification twice for one incident', () => {
    const { kinds } = run([
      { events: [event('failing')] },
      { events: [event('failing')] }, // the first poll after a restart reports the failing anew
      { events: [event('blocked')] },
      { events: [event('blocked')] },
      { events: [] },
    ]);
    expect(kinds).toEqual([['failing'], [], ['blocked'], [], []]);
  });

  it('notifies again, under a new tag, a channel unblocked in the dashboard that fails and is blocked again', () => {
    const firstError = '2025-01-01T11:42:00.000Z';
    // Calypso keeps the errorFirstDate of the run that led to the block: the tag cannot rely on it.
    const channels = [{ ...listedChannel, errorFirstDate: firstError }];
    const again = '2025-01-01T12:05:00.000Z';
    const { out, kinds, state } = run([
      { events: [event('failing')], profile: { channels } },
      { events: [event('blocked')], profile: { channels } },
      // Unblocked: the failed webhooks are resent, and fail again at once.
      { events: [event('failing', { at: again })], profile: { channels } },
      { events: [event('failing', { at: again })], profile: { channels } },
      { events: [event('blocked', { at: again })], profile: { channels } },
    ]);
    expect(kinds).toEqual([['failing'], ['blocked'], ['failing'], [], ['blocked']]);
    const tags = out.flat().map((n) => n.tag);
    expect(tags).toEqual([
      `p1/${RID}/${firstError}`,
      `p1/${RID}/${firstError}`,
      `p1/${RID}/${again}`,
      `p1/${RID}/${again}`,
    ]);
    expect(Object.values(state.incidents).map((i) => i.sent)).toEqual([['failing', 'blocked']]);

    // A new run of errors after the unblock (a new errorFirstDate) starts the new incident.
    const newRun = '2025-01-01T12:04:30.000Z';
    const unblockedChannels = [{ ...listedChannel, errorFirstDate: newRun }];
    const fresh = run([
      { events: [event('failing')], profile: { channels } },
      { events: [event('blocked')], profile: { channels } },
      { events: [event('failing', { at: again })], profile: { channels: unblockedChannels } },
    ]);
    expect(fresh.out[2]?.[0]?.tag).toBe(`p1/${RID}/${newRun}`);
  });

  it('after a restart, a channel kept blocked then found failing again is a new incident', () => {
    const before = run([{ events: [event('failing'), event('blocked')] }]);
    const restored = JSON.parse(JSON.stringify(before.state)) as PolicyState;
    // Unblocked while the app was closed and failing again: the first poll reports the failing.
    const after = run([{ events: [event('failing', { at: '2025-01-01T13:00:00.000Z' })] }], {
      state: restored,
    });
    expect(after.kinds).toEqual([['failing']]);
    expect(after.out[0]?.[0]?.tag).not.toBe(restored.incidents[`p1/${RID}`]?.tag);
  });

  it('does not notify again a failing channel whose block was never notified (snoozed)', () => {
    const later = '2025-01-01T13:00:00.000Z';
    const snoozedChannel = { ...settings, channelSnoozes: { [`p1/${RID}`]: later } };
    const snoozed = run([{ events: [event('failing')] }, { events: [event('blocked')] }], {
      settings: snoozedChannel,
    });
    expect(snoozed.kinds).toEqual([[], []]);
    const failingSent = run([{ events: [event('failing')] }]);
    const blockedHeld = run([{ events: [event('blocked')] }], {
      settings: snoozedChannel,
      state: failingSent.state,
    });
    expect(blockedHeld.kinds).toEqual([[]]);
    // Unblocked and failing again: the merchant was told of the failing, never of a block.
    const again = run([{ events: [event('failing', { at: '2025-01-01T12:05:00.000Z' })] }], {
      state: blockedHeld.state,
    });
    expect(again.kinds).toEqual([[]]);
    expect(again.state).toEqual(blockedHeld.state);
  });

  it('opens a new incident after recovery', () => {
    const { out, kinds } = run([
      { events: [event('failing')] },
      { events: [event('recovered')] },
      { events: [event('failing', { at: '2025-01-01T12:05:00.000Z' })] },
    ]);
    expect(kinds).toEqual([['failing'], ['recovered'], ['failing']]);
    expect(out[2]?.[0]?.tag).not.toBe(out[0]?.[0]?.tag);
  });

  it('stays quiet on recovery when no failure was notified', () => {
    const off = { ...settings, notifications: { ...settings.notifications, failing: false } };
    const { kinds } = run([{ events: [event('failing')] }, { events: [event('recovered')] }], {
      settings: off,
    });
    expect(kinds).toEqual([[], []]);
    expect(run([{ events: [event('recovered')] }]).kinds).toEqual([[]]);
  });

  it('notifies disabled; enabled and removed close the incident silently', () => {
    const { kinds, state } = run([
      { events: [event('disabled')] },
      { events: [event('enabled')] },
      { events: [event('failing')] },
      { events: [event('removed')] },
    ]);
    expect(kinds).toEqual([['disabled'], [], ['failing'], []]);
    expect(state.incidents).toEqual({});
  });

  it('ignores added, url-changed and keys-regenerated', () => {
    const { kinds } = run([{ events: [event('added'), event('url-changed'), event('keys-regenerated')] }]);
    expect(kinds).toEqual([[]]);
  });

  it('notifies an auth failure once, and reachability after it', () => {
    const lastError = { kind: 'auth' as const, message: 'Calypso refused the API key.' };
    const { out, kinds } = run([
      { events: [event('auth-failed')], profile: { state: 'auth-error', lastError } },
      { events: [], profile: { state: 'auth-error', lastError } },
      { events: [event('reachable')] },
    ]);
    expect(kinds).toEqual([['auth-failed'], [], ['recovered']]);
    expect(out[0]?.[0]).toMatchObject({
      urgency: 'critical',
      title: 'Calypso refused the credentials of Main shop',
      requestId: null,
    });
    expect(out[0]?.[0]?.body).toContain('Check its API key and secret');
    expect(out[2]?.[0]?.tag).toBe(out[0]?.[0]?.tag);
  });

  it('notifies unreachable only after 3 failed polls in a row, once', () => {
    const lastError = { kind: 'network' as const, message: 'Cannot reach Calypso.' };
    const failed = (n: number) => ({ state: 'unreachable' as const, lastError, consecutiveFailures: n });
    const { kinds, out } = run([
      { events: [event('unreachable')], profile: failed(1) },
      { events: [], profile: failed(2) },
      { events: [], profile: failed(3) },
      { events: [], profile: failed(4) },
      { events: [event('reachable')] },
    ]);
    expect(kinds).toEqual([[], [], ['unreachable'], [], ['recovered']]);
    expect(out[2]?.[0]?.body).toContain('The last 3 checks failed');
  });

  it('says nothing when unreachable ends before the third failure', () => {
    const lastError = { kind: 'timeout' as const, message: 'No answer.' };
    const { kinds } = run([
      {
        events: [event('unreachable')],
        profile: { state: 'unreachable', lastError, consecutiveFailures: 1 },
      },
      { events: [event('reachable')] },
    ]);
    expect(kinds).toEqual([[], []]);
  });

  it('honours snooze for all, per profile and per channel, until the given time', () => {
    const later = '2025-01-01T13:00:00.000Z';
    const earlier = '2025-01-01T11:00:00.000Z';
    const all = { ...settings, snoozeAllUntil: later };
    expect(run([{ events: [event('blocked')] }], { settings: all }).kinds).toEqual([[]]);
    const expired = { ...settings, snoozeAllUntil: earlier };
    expect(run([{ events: [event('blocked')] }], { settings: expired }).kinds).toEqual([['blocked']]);
    const channelOnly = { ...settings, channelSnoozes: { [`p1/${RID}`]: later } };
    expect(
      run(
        [{ events: [event('blocked'), event('blocked', { requestId: 'other', url: 'https://b.example' })] }],
        {
          settings: channelOnly,
        },
      ).out[0]?.map((n) => n.requestId),
    ).toEqual(['other']);
    const profileOnly = { ...settings, channelSnoozes: { p1: later } };
    expect(run([{ events: [event('auth-failed')] }], { settings: profileOnly }).kinds).toEqual([[]]);
    expect(isSnoozed(channelOnly, 'p1', RID, NOW)).toBe(true);
    expect(isSnoozed(channelOnly, 'p1', null, NOW)).toBe(false);
  });

  it('sends a block or auth failure held back by a snooze once the snooze ends, if still ongoing', () => {
    const snoozeEnd = '2025-01-01T12:30:00.000Z';
    const during = new Date('2025-01-01T12:10:00.000Z');
    const after = new Date('2025-01-01T12:31:00.000Z');
    const snoozed = { ...settings, snoozeAllUntil: snoozeEnd };
    const blockedView: ProfileSnapshot['channels'][number] = {
      ...listedChannel,
      health: 'blocked',
      errorCount: 101,
    };
    const step = (events: MonitorEvent[], now: Date, state: PolicyState, profileOverrides = {}) =>
      decideNotifications({
        events,
        profiles: [profile({ channels: [blockedView], ...profileOverrides })],
        state,
        settings: snoozed,
        now,
      });

    const first = step([event('failing'), event('blocked')], during, initialPolicyState());
    expect(first.notifications).toEqual([]);
    const quiet = step([], during, first.nextState);
    expect(quiet.notifications).toEqual([]);
    const late = step([], after, quiet.nextState);
    expect(late.notifications.map((n) => [n.kind, n.urgency, n.title])).toEqual([
      ['blocked', 'critical', `Webhook blocked: ${URL}`],
    ]);
    expect(late.notifications[0]?.body).toContain('after 101 failures');
    expect(step([], after, late.nextState).notifications).toEqual([]);
    // `failing` is a moment, not a state: it is not sent late.
    expect(late.notifications.some((n) => n.kind === 'failing')).toBe(false);

    // Recovered during the snooze: nothing to say afterwards.
    const gone = decideNotifications({
      events: [event('recovered')],
      profiles: [profile()],
      state: first.nextState,
      settings: snoozed,
      now: during,
    });
    expect(gone.nextState.incidents).toEqual({});

    const lastError = { kind: 'auth' as const, message: 'Calypso refused the API key.' };
    const refused = { state: 'auth-error' as const, lastError, channels: [] };
    const auth = step([event('auth-failed')], during, initialPolicyState(), refused);
    expect(auth.notifications).toEqual([]);
    const authLate = step([], after, auth.nextState, refused);
    expect(authLate.notifications.map((n) => n.kind)).toEqual(['auth-failed']);
    expect(step([], after, authLate.nextState, refused).notifications).toEqual([]);
  });

  it('lets each kind be turned off', () => {
    for (const kind of ['blocked', 'failing', 'disabled', 'auth-failed'] as const) {
      const off = { ...settings, notifications: { ...settings.notifications, [kind]: false } };
      expect(run([{ events: [event(kind)] }], { settings: off }).kinds).toEqual([[]]);
      expect(run([{ events: [event(kind)] }]).kinds).toEqual([[kind]]);
    }
    const noRecovered = { ...settings, notifications: { ...settings.notifications, recovered: false } };
    expect(
      run([{ events: [event('blocked')] }, { events: [event('recovered')] }], { settings: noRecovered })
        .kinds,
    ).toEqual([['blocked'], []]);
    const noUnreachable = { ...settings, notifications: { ...settings.notifications, unreachable: false } };
    const lastError = { kind: 'network' as const, message: 'x' };
    expect(
      run([{ events: [event('unreachable')], profile: { consecutiveFailures: 3, lastError } }], {
        settings: noUnreachable,
      }).kinds,
    ).toEqual([[]]);
  });

  it('after a restart, an incident kept from before is neither notified again nor left open when over', () => {
    const lastError = { kind: 'auth' as const, message: 'Calypso refused the API key.' };
    const before = run([{ events: [event('failing'), event('blocked')] }]);
    expect(before.kinds).toEqual([['failing', 'blocked']]);
    const restored = JSON.parse(JSON.stringify(before.state)) as PolicyState;
    const blockedView = { requestId: RID, url: URL, health: 'blocked', errorCount: 101 };
    const healthyView = { ...blockedView, health: 'healthy', errorCount: 0 };
    const views = (view: typeof blockedView) => [view as ProfileSnapshot['channels'][number]];

    // The first poll after the restart sees the channel still blocked: the monitor reports it anew.
    const still = run([{ events: [event('blocked')], profile: { channels: views(blockedView) } }], {
      state: restored,
    });
    expect(still.kinds).toEqual([[]]);
    expect(Object.keys(still.state.incidents)).toEqual([`p1/${RID}`]);

    // Unblocked while the app was closed: no event, the snapshot shows it healthy; the incident closes.
    const over = run([{ events: [], profile: { channels: views(healthyView) } }], { state: restored });
    expect(over.kinds).toEqual([['recovered']]);
    expect(over.state.incidents).toEqual({});

    // Credentials fixed while closed: the first poll succeeds without a `reachable` event.
    const authBefore = run([{ events: [event('auth-failed')], profile: { state: 'auth-error', lastError } }]);
    const authState = JSON.parse(JSON.stringify(authBefore.state)) as PolicyState;
    const again = run([{ events: [event('auth-failed')], profile: { state: 'auth-error', lastError } }], {
      state: authState,
    });
    expect(again.kinds).toEqual([[]]);
    const fixed = run([{ events: [], profile: { state: 'ok' } }], { state: authState });
    expect(fixed.kinds).toEqual([['recovered']]);
    expect(fixed.state.incidents).toEqual({});
  });

  it('closes, silently, the incident of a channel the list no longer holds, once a poll succeeds', () => {
    const before = run([{ events: [event('blocked')] }]);
    expect(Object.keys(before.state.incidents)).toEqual([`p1/${RID}`]);
    const restored = JSON.parse(JSON.stringify(before.state)) as PolicyState;
    const lastError = { kind: 'network' as const, message: 'Cannot reach Calypso.' };

    // Deleted while the app was closed: the first poll lists no such channel, and reports no event.
    const unreachable = run([{ events: [], profile: { channels: [], lastError, state: 'unreachable' } }], {
      state: restored,
    });
    expect(unreachable.state.incidents).toEqual(restored.incidents);
    const gone = run([{ events: [], profile: { channels: [] } }], { state: restored });
    expect(gone.kinds).toEqual([[]]);
    expect(gone.state.incidents).toEqual({});

    // In a poll's update (partial), another profile's incidents and those of listed channels stay.
    const incident = restored.incidents[`p1/${RID}`]!;
    const listed = { ...listedChannel, requestId: 'req-2' };
    const decision = decideNotifications({
      events: [],
      profiles: [profile({ channels: [listed] })],
      partial: true,
      state: {
        incidents: {
          [`p1/${RID}`]: incident,
          'p1/req-2': incident,
          [`p2/${RID}`]: { ...incident, profileId: 'p2' },
        },
      },
      settings,
      now: NOW,
    });
    expect(Object.keys(decision.nextState.incidents).sort()).toEqual(['p1/req-2', `p2/${RID}`]);
    expect(decision.notifications).toEqual([]);
  });

  it('forgets incidents of profiles that are no longer monitored, and does not mutate its input', () => {
    const first = run([{ events: [event('blocked')] }]);
    const frozen = JSON.stringify(first.state);
    const decision = decideNotifications({
      events: [],
      profiles: [profile({ profileId: 'p2' })],
      state: first.state,
      settings,
      now: NOW,
    });
    expect(decision.nextState.incidents).toEqual({});
    expect(JSON.stringify(first.state)).toBe(frozen);
  });

  it("with a poll's partial update, keeps and leaves alone the other profiles' incidents", () => {
    const snoozeEnd = '2025-01-01T12:30:00.000Z';
    const snoozed = { ...settings, snoozeAllUntil: snoozeEnd };
    const after = new Date('2025-01-01T12:31:00.000Z');
    const blockedView = { requestId: RID, url: URL, health: 'blocked', errorCount: 101 };
    const p1 = profile({ channels: [blockedView as ProfileSnapshot['channels'][number]] });
    const p2 = profile({ profileId: 'p2', profileName: 'Second shop' });
    // p1's block is held back by a snooze.
    const held = decideNotifications({
      events: [event('blocked')],
      profiles: [p1, p2],
      state: initialPolicyState(),
      settings: snoozed,
      now: NOW,
    });
    expect(held.notifications).toEqual([]);
    // After the snooze, a poll of p2 alone says nothing about p1: its incident stays, unsent.
    const p2Poll = decideNotifications({
      events: [],
      profiles: [p2],
      partial: true,
      state: held.nextState,
      settings: snoozed,
      now: after,
    });
    expect(p2Poll.notifications).toEqual([]);
    expect(p2Poll.nextState).toEqual(held.nextState);
    // p1's own next poll sends it.
    const p1Poll = decideNotifications({
      events: [],
      profiles: [p1],
      partial: true,
      state: p2Poll.nextState,
      settings: snoozed,
      now: after,
    });
    expect(p1Poll.notifications.map((n) => [n.kind, n.profileId])).toEqual([['blocked', 'p1']]);
  });
});
