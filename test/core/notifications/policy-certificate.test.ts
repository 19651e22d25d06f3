/** The policy for `cert-expiring`: once per certificate and threshold, across polls and restarts. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_SETTINGS } from '../../../main/core/accounts/types';
import { decideNotifications, initialPolicyState } from '../../../main/core/notifications/policy';
import type { PolicySettings, PolicyState } from '../../../main/core/notifications/policy';
import type { ChannelView, MonitorEvent, ProfileSnapshot } from '../../../main/core/monitor/types';
import { channel } from '../../main/snapshots';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const EXPIRES = '2026-03-07T10:00:00.000Z';
const settings: PolicySettings = {
  notifications: { ...DEFAULT_APP_SETTINGS.notifications },
  snoozeAllUntil: null,
  channelSnoozes: {},
};

const hook = channel('req-1', 'healthy');

function expiring(thresholdDays: number, expiresAt = EXPIRES): MonitorEvent {
  return {
    id: `cert-${thresholdDays}-${expiresAt}`,
    type: 'cert-expiring',
    at: NOW.toISOString(),
    profileId: 'p1',
    requestId: hook.requestId,
    url: hook.url,
    errorCount: null,
    message: '',
    expiresAt,
    thresholdDays,
  };
}

function profile(channels: ChannelView[]): ProfileSnapshot {
  return {
    profileId: 'p1',
    profileName: 'Main shop',
    state: 'ok',
    lastPollAt: NOW.toISOString(),
    nextPollAt: null,
    lastError: null,
    consecutiveFailures: 0,
    channels,
  };
}

function decide(
  events: MonitorEvent[],
  state: PolicyState,
  options: { channels?: ChannelView[]; settings?: PolicySettings } = {},
) {
  return decideNotifications({
    events,
    profiles: [profile(options.channels ?? [hook])],
    partial: true,
    state,
    settings: options.settings ?? settings,
    now: NOW,
  });
}

/** The state as policy-state.json gives it back after a restart. */
const reloaded = (state: PolicyState): PolicyState => JSON.parse(JSON.stringify(state)) as PolicyState;

describe('policy: cert-expiring', () => {
  it('says which webhook and host, when the certificate expires and what to do', () => {
    const { notifications } = decide([expiring(14)], initialPolicyState());
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      kind: 'cert-expiring',
      urgency: 'normal',
      requestId: 'req-1',
      title: 'Certificate expires in 5 days: shop.example',
    });
    expect(notifications[0]!.body).toBe(
      `Main shop: the HTTPS certificate of shop.example, which receives ${hook.url}, expires on 2026-03-07 10:00 UTC. ` +
        "Renew it on the receiver's server before then, or Calypso's deliveries to it will fail.",
    );
  });

  it('sends each threshold once, even after polls and a restart, and the 3-day one replaces the 14-day one', () => {
    const first = decide([expiring(14)], initialPolicyState());
    const again = decide([expiring(14)], reloaded(first.nextState));
    expect(again.notifications).toEqual([]);
    const polled = decide([], again.nextState);
    const afterRestart = decide([expiring(14)], reloaded(polled.nextState));
    expect(afterRestart.notifications).toEqual([]);
    const three = decide([expiring(3)], afterRestart.nextState);
    expect(three.notifications.map((n) => [n.kind, n.urgency])).toEqual([['cert-expiring', 'critical']]);
    expect(three.notifications[0]!.tag).toBe(first.notifications[0]!.tag);
    expect(decide([expiring(3)], reloaded(three.nextState)).notifications).toEqual([]);
  });

  it('a renewed certificate is announced again, under a new tag', () => {
    const first = decide([expiring(14)], initialPolicyState());
    const renewed = decide([expiring(14, '2026-03-10T00:00:00.000Z')], first.nextState);
    expect(renewed.notifications).toHaveLength(1);
    expect(renewed.notifications[0]!.tag).not.toBe(first.notifications[0]!.tag);
    expect(Object.keys(renewed.nextState.incidents)).toHaveLength(1);
  });

  it('does not touch the channel’s own incident, and is forgotten once a poll no longer lists the channel', () => {
    const failing = { ...hook, health: 'failing' as const, errorCount: 3 };
    const started = decideNotifications({
      events: [{ ...expiring(14), id: 'f', type: 'failing', errorCount: 3 }],
      profiles: [profile([failing])],
      state: initialPolicyState(),
      settings,
      now: NOW,
    });
    const both = decide([expiring(14)], started.nextState, { channels: [failing] });
    expect(Object.keys(both.nextState.incidents).sort()).toEqual([
      'p1/req-1',
      `p1/req-1#certificate/${EXPIRES}/14`,
    ]);
    const recovered = decide([], both.nextState);
    expect(Object.keys(recovered.nextState.incidents)).toEqual([`p1/req-1#certificate/${EXPIRES}/14`]);
    expect(decide([], recovered.nextState, { channels: [] }).nextState.incidents).toEqual({});
  });

  it('is not sent when its kind is turned off or the channel is snoozed', () => {
    const off = { ...settings, notifications: { ...settings.notifications, 'cert-expiring': false } };
    expect(decide([expiring(14)], initialPolicyState(), { settings: off }).notifications).toEqual([]);
    const snoozed = { ...settings, channelSnoozes: { 'p1/req-1': '2026-03-03T00:00:00.000Z' } };
    expect(decide([expiring(14)], initialPolicyState(), { settings: snoozed }).notifications).toEqual([]);
  });

  it('an expired certificate says so', () => {
    const late = expiring(3, '2026-03-01T00:00:00.000Z');
    const { notifications } = decide([late], initialPolicyState());
    expect(notifications[0]).toMatchObject({
      title: 'Certificate expired: shop.example',
      urgency: 'critical',
    });
  });
});
