import { describe, expect, it } from 'vitest';
import { KNOWN_EVENT_TYPES } from '../../main/core/api/channel';
import {
  KNOWN_EVENT_TYPES as RENDERER_EVENT_TYPES,
  subscriptionLabel,
} from '../../renderer/src/lib/event-types';

// The renderer may not import values from main/, so it keeps a copy of the known event list.
describe('renderer event types', () => {
  it('match the core list exactly, groups and order included', () => {
    expect(RENDERER_EVENT_TYPES).toEqual(KNOWN_EVENT_TYPES);
  });

  it('name a whole group as the create form does, and a single event by its words', () => {
    expect(subscriptionLabel('PAYOUT', true)).toBe('Payouts: all events');
    expect(subscriptionLabel('FIAT_DEPOSIT', true)).toBe('Fiat deposits: all events');
    expect(subscriptionLabel('CARD_REFUND', true)).toBe('Card Refund: all events');
    expect(subscriptionLabel('INVOICE_PAID', false)).toBe('Invoice paid');
  });
});
