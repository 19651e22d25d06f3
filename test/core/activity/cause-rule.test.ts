import { describe, expect, it } from 'vitest';
import { causeFor, failureStart, findCause } from '../../../main/core/activity';
import type { ActivityEntry, PolledEvent } from '../../../main/core/activity';

// The oracle is issue 18's rule, on hand-written dates: the newest key or URL change in the
// 30 minutes before the failures began, made here or seen by polling; nothing after them counts.
const began = Date.parse('2026-03-02T10:30:00Z');
const OLD = 'https://shop.example/hooks';
const NEW = 'https://shop.example/v2/hooks';

function made(
  at: string,
  action: ActivityEntry['action'],
  extra: Partial<ActivityEntry> = {},
): ActivityEntry {
  return { at, profileId: 'shop', account: '0xab', requestId: 'r1', action, by: 'app', ...extra };
}

function polled(at: string, type: PolledEvent['type'], extra: Partial<PolledEvent> = {}): PolledEvent {
  return { at, type, url: NEW, ...extra };
}

describe('the cause rule', () => {
  it('names keys regenerated here 3 minutes before the failures began, in the issue words', () => {
    const cause = findCause({
      failuresBeganAt: began,
      entries: [made('2026-03-02T10:27:00Z', 'keys-regenerated', { requestId: null })],
      polled: [],
    });
    expect(cause).toMatchObject({ change: 'keys', madeHere: true, changedAt: '2026-03-02T10:27:00.000Z' });
    expect(cause?.sentence).toBe(
      'Failures began 3 minutes after the keys were regenerated: your receiver probably still verifies with the old secret key.',
    );
  });

  it('counts a change exactly 30 minutes before, not one 30 minutes and a second before', () => {
    const at30 = findCause({
      failuresBeganAt: began,
      entries: [made('2026-03-02T10:00:00Z', 'keys-regenerated')],
      polled: [],
    });
    expect(at30?.sentence).toMatch(/^Failures began 30 minutes after/);
    const past = findCause({
      failuresBeganAt: began,
      entries: [made('2026-03-02T09:59:59Z', 'keys-regenerated')],
      polled: [],
    });
    expect(past).toBeNull();
  });

  it('ignores a change after the failures began', () => {
    expect(
      findCause({
        failuresBeganAt: began,
        entries: [made('2026-03-02T10:30:01Z', 'keys-regenerated')],
        polled: [polled('2026-03-02T10:31:00Z', 'url-changed', { previousUrl: OLD })],
      }),
    ).toBeNull();
  });

  it('picks the newest of several changes in the window', () => {
    const cause = findCause({
      failuresBeganAt: began,
      entries: [
        made('2026-03-02T10:05:00Z', 'keys-regenerated'),
        made('2026-03-02T10:28:00Z', 'url-changed', { previousUrl: OLD, url: NEW }),
        made('2026-03-02T10:20:00Z', 'keys-regenerated'),
      ],
      polled: [],
    });
    expect(cause?.sentence).toBe(
      `Failures began 2 minutes after the URL was changed from ${OLD} to ${NEW}: check that the new address accepts POSTs and verifies signatures.`,
    );
  });

  it('names a key change only polling saw, and says it was not made here', () => {
    const cause = findCause({
      failuresBeganAt: began,
      entries: [],
      polled: [polled('2026-03-02T10:27:00Z', 'keys-regenerated')],
    });
    expect(cause).toMatchObject({ change: 'keys', madeHere: false });
    expect(cause?.sentence).toBe(
      'The keys changed 3 minutes before failures began (seen by Webhook Tray, not made here): your receiver probably still verifies with the old secret key.',
    );
  });

  it('names a URL change made in the dashboard, from the polled event', () => {
    const cause = findCause({
      failuresBeganAt: began,
      entries: [],
      polled: [polled('2026-03-02T10:29:30Z', 'url-changed', { previousUrl: OLD })],
    });
    expect(cause?.sentence).toBe(
      `The URL changed from ${OLD} to ${NEW} less than a minute before failures began (seen by Webhook Tray, not made here): check that the new address accepts POSTs and verifies signatures.`,
    );
  });

  it('takes the poll that saw a regeneration made here for that same change, not a later one', () => {
    // Regenerated here at 10:27, seen by the next poll at 10:28: one change, made here, 3 minutes before.
    const cause = findCause({
      failuresBeganAt: began,
      entries: [made('2026-03-02T10:27:00Z', 'keys-regenerated', { requestId: null })],
      polled: [polled('2026-03-02T10:28:00Z', 'keys-regenerated')],
    });
    expect(cause).toMatchObject({ madeHere: true, changedAt: '2026-03-02T10:27:00.000Z' });
    // A second change polling saw later is not that echo: it is the newest, and not made here.
    const again = findCause({
      failuresBeganAt: began,
      entries: [made('2026-03-02T10:27:00Z', 'keys-regenerated', { requestId: null })],
      polled: [
        polled('2026-03-02T10:28:00Z', 'keys-regenerated'),
        polled('2026-03-02T10:29:00Z', 'keys-regenerated'),
      ],
    });
    expect(again).toMatchObject({ madeHere: false, changedAt: '2026-03-02T10:29:00.000Z' });
  });

  it('fills the URL before a CLI change from the poll that saw it', () => {
    const cause = findCause({
      failuresBeganAt: began,
      entries: [made('2026-03-02T10:28:00Z', 'url-changed', { url: NEW, by: 'cli' })],
      polled: [polled('2026-03-02T10:28:40Z', 'url-changed', { previousUrl: OLD })],
    });
    expect(cause).toMatchObject({ change: 'url', madeHere: true, previousUrl: OLD, url: NEW });
    expect(cause?.sentence).toMatch(/^Failures began 2 minutes after the URL was changed from /);
  });

  it('is not explained by enabling, disabling, or other events', () => {
    expect(
      findCause({
        failuresBeganAt: began,
        entries: [made('2026-03-02T10:29:00Z', 'enabled'), made('2026-03-02T10:28:00Z', 'disabled')],
        polled: [polled('2026-03-02T10:29:00Z', 'enabled'), polled('2026-03-02T10:29:30Z', 'added')],
      }),
    ).toBeNull();
  });

  it('rounds minutes: less than a minute, 1 minute, 2 minutes', () => {
    const sentence = (at: string) =>
      findCause({ failuresBeganAt: began, entries: [made(at, 'keys-regenerated')], polled: [] })?.sentence;
    expect(sentence('2026-03-02T10:29:01Z')).toMatch(/^Failures began less than a minute after/);
    expect(sentence('2026-03-02T10:29:00Z')).toMatch(/^Failures began 1 minute after/);
    expect(sentence('2026-03-02T10:28:20Z')).toMatch(/^Failures began 2 minutes after/);
  });
});

describe('when the failures began', () => {
  it("is Calypso's errorFirstDate, else the latest failing detection, else unknown", () => {
    const detections = [polled('2026-03-02T09:00:00Z', 'failing'), polled('2026-03-02T10:31:00Z', 'failing')];
    expect(failureStart('2026-03-02T10:30:00.000Z', detections)).toBe(began);
    expect(failureStart(null, detections)).toBe(Date.parse('2026-03-02T10:31:00Z'));
    expect(failureStart(null, [polled('2026-03-02T10:29:00Z', 'keys-regenerated')])).toBeNull();
  });

  it('without errorFirstDate, a change before the failing detection explains it', () => {
    const cause = causeFor(
      null,
      [made('2026-03-02T10:20:00Z', 'keys-regenerated')],
      [polled('2026-03-02T10:25:00Z', 'failing')],
    );
    expect(cause?.sentence).toMatch(/^Failures began 5 minutes after the keys were regenerated/);
  });
});
