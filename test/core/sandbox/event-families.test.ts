import { describe, expect, it } from 'vitest';
import {
  currentEventsOf,
  EVENT_FAMILIES,
  isLegacyEvent,
  KNOWN_EVENT_TYPES,
  KNOWN_SERVICE_TYPES,
} from '../../../main/common/event-types';
import { buildWebhookEvent, eventTypesFor } from '../../../main/core/sandbox/webhook-events';

describe('the one event list', () => {
  it('offers exactly the documented groups; other families only event by event', () => {
    expect([...KNOWN_SERVICE_TYPES]).toEqual(['INVOICE', 'PAYOUT', 'RECURRENT']);
    const grouped = EVENT_FAMILIES.filter((family) => family.group).map((family) => family.service);
    expect(grouped).toEqual(['INVOICE', 'PAYOUT', 'RECURRENT']);
    for (const type of [
      'FIAT_DEPOSIT_ORDER_CREATED',
      'TOP_UP_PENDING_COMPLIANCE',
      'CUSTOMER_PURSE_EXPIRED',
    ]) {
      expect(KNOWN_EVENT_TYPES).toContain(type);
    }
  });

  it('marks the events of older pages only as legacy', () => {
    expect(isLegacyEvent('PAYOUT_SPEEDED_UP')).toBe(true);
    expect(isLegacyEvent('PAYOUT_WITHDRAWALS_CREATING_VALIDATION_ERROR')).toBe(true);
    expect(isLegacyEvent('PAYOUT_HASH_RECEIVED')).toBe(false);
    expect(currentEventsOf('PAYOUT')).not.toContain('PAYOUT_SPEEDED_UP');
  });

  it('no event type is listed twice', () => {
    expect(new Set(KNOWN_EVENT_TYPES).size).toBe(KNOWN_EVENT_TYPES.length);
  });
});

describe('the sandbox reads the same list', () => {
  it('a whole-group subscription receives its current events, never a legacy one', () => {
    const types = eventTypesFor({ notificationEventTypes: [], notificationServiceTypes: ['PAYOUT'] });
    expect(types).toEqual([
      'PAYOUT_CHANGE_STATUS',
      'PAYOUT_CONFIRMED',
      'PAYOUT_VALIDATION_ERROR',
      'PAYOUT_HASH_RECEIVED',
    ]);
  });

  it('an event of a family without a group is delivered with its family as service', () => {
    const subscription = {
      requestId: 'r',
      notificationEventTypes: ['CUSTOMER_PURSE_EXPIRED'],
      notificationServiceTypes: [],
    };
    expect(buildWebhookEvent(subscription, Date.now(), 0).service).toBe('CUSTOMER_PURSE');
  });
});
