import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/common/errors';
import {
  isSnoozed,
  nextSnoozeEnd,
  planSnooze,
  snoozeProfileId,
  type SnoozeContext,
  type SnoozeSettings,
} from '../../../main/core/notifications/snoozes';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

/** A context where the app knows `shop` (with webhook `r1`) and `demo` (with none). */
function context(settings: Partial<SnoozeSettings> = {}): SnoozeContext {
  const channels: Record<string, string[]> = { shop: ['r1'], demo: [] };
  return {
    settings: { snoozeAllUntil: null, channelSnoozes: {}, ...settings },
    now: NOW,
    profileIds: new Set(Object.keys(channels)),
    requireProfile: (profileId) => {
      if (!(profileId in channels)) throw new AppError('not-found', `No account with id "${profileId}".`);
    },
    hasChannel: (profileId, requestId) => channels[profileId]?.includes(requestId) === true,
  };
}

function refusal(run: () => unknown): { kind: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('planSnooze: known ids only, a bounded end, ended and orphaned snoozes dropped', () => {
  it('snoozes one webhook, a whole account, or everything', () => {
    expect(planSnooze({ profileId: 'shop', requestId: 'r1', until: at(HOUR) }, context())).toEqual({
      channelSnoozes: { 'shop/r1': at(HOUR) },
    });
    expect(planSnooze({ profileId: 'shop', until: at(HOUR) }, context())).toEqual({
      channelSnoozes: { shop: at(HOUR) },
    });
    expect(planSnooze({ until: at(8 * HOUR) }, context())).toEqual({
      snoozeAllUntil: at(8 * HOUR),
      channelSnoozes: {},
    });
  });

  it('refuses an unknown account or webhook, and a webhook without its account', () => {
    expect(refusal(() => planSnooze({ profileId: 'gone', until: at(HOUR) }, context())).kind).toBe(
      'not-found',
    );
    expect(
      refusal(() => planSnooze({ profileId: 'shop', requestId: 'r9', until: at(HOUR) }, context())),
    ).toMatchObject({ kind: 'not-found', message: expect.stringContaining('Refresh the list') });
    expect(refusal(() => planSnooze({ requestId: 'r1', until: at(HOUR) }, context()))).toMatchObject({
      kind: 'validation',
      message: 'To snooze one webhook, name its account too.',
    });
  });

  it('refuses an end that is not a time, in the past, now, or more than 30 days ahead', () => {
    for (const until of ['soon', at(-HOUR), at(0), at(30 * DAY + 1)]) {
      for (const request of [{ profileId: 'shop', requestId: 'r1' }, { profileId: 'shop' }, {}]) {
        expect(
          refusal(() => planSnooze({ ...request, until }, context())),
          until,
        ).toMatchObject({
          kind: 'validation',
          message: expect.stringContaining('at most 30 days'),
        });
      }
    }
    expect(planSnooze({ until: at(30 * DAY) }, context()).snoozeAllUntil).toBe(at(30 * DAY));
  });

  it('drops ended snoozes and those of accounts the app no longer knows on every write', () => {
    const leftOver = context({
      snoozeAllUntil: at(-3 * HOUR),
      channelSnoozes: {
        shop: at(2 * HOUR),
        'shop/ended': at(-HOUR),
        'shop/garbled': 'not a time',
        removed: at(2 * HOUR),
        'removed/r1': at(2 * HOUR),
      },
    });
    expect(planSnooze({ profileId: 'shop', requestId: 'r1', until: at(HOUR) }, leftOver)).toEqual({
      snoozeAllUntil: null,
      channelSnoozes: { shop: at(2 * HOUR), 'shop/r1': at(HOUR) },
    });
    expect(planSnooze({ until: null }, leftOver)).toEqual({
      snoozeAllUntil: null,
      channelSnoozes: { shop: at(2 * HOUR) },
    });
  });

  it("clears a removed account's snooze without asking whether the account exists", () => {
    const withOrphan = context({ channelSnoozes: { removed: at(HOUR), shop: at(HOUR) } });
    expect(planSnooze({ profileId: 'removed', until: null }, withOrphan)).toEqual({
      channelSnoozes: { shop: at(HOUR) },
    });
  });

  it('keeps a running snooze of everything when one webhook is snoozed', () => {
    const all = context({ snoozeAllUntil: at(HOUR) });
    expect(planSnooze({ profileId: 'shop', requestId: 'r1', until: at(2 * HOUR) }, all)).toEqual({
      channelSnoozes: { 'shop/r1': at(2 * HOUR) },
    });
  });
});

describe('snooze reading', () => {
  const settings: SnoozeSettings = {
    snoozeAllUntil: null,
    channelSnoozes: { shop: at(-HOUR), 'shop/r1': at(2 * HOUR), 'demo/r2': at(HOUR) },
  };

  it('a channel is snoozed by its own snooze, its account, or everything; ended ones do not count', () => {
    expect(isSnoozed(settings, 'shop', 'r1', NOW)).toBe(true);
    expect(isSnoozed(settings, 'shop', 'r2', NOW)).toBe(false);
    expect(isSnoozed(settings, 'shop', null, NOW)).toBe(false);
    expect(isSnoozed({ ...settings, channelSnoozes: { demo: at(HOUR) } }, 'demo', 'r5', NOW)).toBe(true);
    expect(isSnoozed({ ...settings, snoozeAllUntil: at(HOUR) }, 'other', null, NOW)).toBe(true);
  });

  it('finds the earliest running snooze end, ignoring ended ones', () => {
    expect(nextSnoozeEnd(settings, NOW)).toBe(NOW.getTime() + HOUR);
    expect(nextSnoozeEnd({ snoozeAllUntil: at(-HOUR), channelSnoozes: {} }, NOW)).toBeNull();
  });

  it('reads the account of a snooze key', () => {
    expect(snoozeProfileId('shop')).toBe('shop');
    expect(snoozeProfileId('shop/r1')).toBe('shop');
  });
});
