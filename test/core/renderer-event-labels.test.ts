import { describe, expect, it } from 'vitest';
import { subscriptionLabel } from '../../renderer/src/lib/event-types';

describe('renderer event labels', () => {
  it('name a whole group as the create form does, and a single event by its words', () => {
    expect(subscriptionLabel('PAYOUT', true)).toBe('Payouts: all events');
    expect(subscriptionLabel('FIAT_DEPOSIT', true)).toBe('Fiat deposits (onramp): all events');
    expect(subscriptionLabel('CARD_REFUND', true)).toBe('Card Refund: all events');
    expect(subscriptionLabel('INVOICE_PAID', false)).toBe('Invoice paid');
  });
});
