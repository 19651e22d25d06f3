import { CALYPSO_BLOCK_RULE } from '../../../main/common/block-rule';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_SETTINGS } from '../../../main/core/accounts/types';
import { decideNotifications, initialPolicyState } from '../../../main/core/notifications/policy';
import type { PolicySettings, PolicyState } from '../../../main/core/notifications/policy';
import type { MonitorEvent, MonitorEventType, ProfileSnapshot } from '../../../main/core/monitor/types';

const NOW = new Date('2026-03-02T10:01:00.000Z');
const URL = 'https://shop.example/hooks';
const RID = 'req-1';
const settings: PolicySettings = {
  notifications: { ...DEFAULT_APP_SETTINGS.notifications },
  snoozeAllUntil: null,
  channelSnoozes: {},
};

function event(type: MonitorEventType, extra: Partial<MonitorEvent> = {}): MonitorEvent {
  return {
    id: `${type}-${Math.random()}`,
    type,
    at: NOW.toISOString(),
    profileId: 'p1',
    requestId: RID,
    url: URL,
    errorCount: 21,
    message: '',
    ...extra,
  };
}

const view = {
  requestId: RID,
  url: URL,
  health: 'failing',
  errorCount: 21,
  errorFirstDate: '2026-03-02T10:00:00.000Z',
  predictedBlockAt: '2026-03-02T10:05:00.000Z',
  failuresPerMinute: 20,
} as ProfileSnapshot['channels'][number];

function decide(
  events: MonitorEvent[],
  state: PolicyState,
  with_: PolicySettings = settings,
  blockRule = CALYPSO_BLOCK_RULE,
) {
  return decideNotifications({
    events,
    profiles: [
      {
        profileId: 'p1',
        profileName: 'Main shop',
        state: 'warning',
        lastPollAt: NOW.toISOString(),
        nextPollAt: null,
        lastError: null,
        consecutiveFailures: 0,
        blockRule,
        channels: [view],
      },
    ],
    state,
    settings: with_,
    now: NOW,
  });
}

const risk = () =>
  event('block-risk', { predictedBlockAt: view.predictedBlockAt ?? '', failuresPerMinute: 20 });

describe('notifications of a block forecast', () => {
  it("the failing notification states the rule in force: Calypso's, or the one the sandbox announces", () => {
    const calypso = decide([event('failing')], initialPolicyState()).notifications[0]?.body;
    expect(calypso).toContain(
      'Calypso blocks a webhook after more than 100 failed deliveries within 10 minutes.',
    );
    const sandbox = decide([event('failing')], initialPolicyState(), settings, {
      blockAfter: 20,
      windowMs: 60_000,
    });
    expect(sandbox.notifications[0]?.body).toContain(
      'Calypso blocks a webhook after more than 20 failed deliveries within 1 minute.',
    );
  });

  it('the failing notification says when Calypso will block; block-risk is sent once per incident', () => {
    const first = decide([event('failing'), risk()], initialPolicyState());
    expect(first.notifications.map((n) => n.kind)).toEqual(['failing', 'block-risk']);
    expect(first.notifications[0]?.body).toContain(
      'Calypso will block this webhook in about 4 minutes at the current failure rate',
    );
    expect(first.notifications[1]).toMatchObject({
      urgency: 'critical',
      title: `Webhook about to be blocked: ${URL}`,
      body: expect.stringContaining('in about 4 minutes') as unknown,
      tag: `p1/${RID}/2026-03-02T10:00:00.000Z`,
    });
    expect(decide([risk()], first.nextState).notifications).toEqual([]);
  });

  it('respects a snooze of the channel and the setting of the kind', () => {
    const snoozed = { ...settings, channelSnoozes: { [`p1/${RID}`]: '2026-03-02T11:00:00.000Z' } };
    expect(decide([risk()], initialPolicyState(), snoozed).notifications).toEqual([]);
    const off = { ...settings, notifications: { ...settings.notifications, 'block-risk': false } };
    expect(decide([risk()], initialPolicyState(), off).notifications).toEqual([]);
  });

  it('failing-long says from when events are lost', () => {
    const long = event('failing-long', { eventLossAt: '2026-03-06T05:12:30.000Z' });
    const [sent] = decide([long], initialPolicyState()).notifications;
    expect(sent).toMatchObject({ kind: 'failing-long', urgency: 'critical' });
    expect(sent?.body).toContain('events will be lost from about 2026-03-06 05:12 UTC on');
  });
});
