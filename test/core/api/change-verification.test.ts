import { describe, expect, it } from 'vitest';
import { unappliedFields } from '../../../main/core/api/change-verification';

const requested = {
  url: 'https://shop.example/hooks',
  notificationEventTypes: ['INVOICE_PAID', 'INVOICE_EXPIRED'],
  notificationServiceTypes: ['PAYOUT'],
  enabled: false,
};

describe('unappliedFields', () => {
  it('compares lists as sets: order and repeats do not count', () => {
    const answer = {
      ...requested,
      notificationEventTypes: ['INVOICE_EXPIRED', 'INVOICE_PAID', 'INVOICE_PAID'],
    };
    expect(unappliedFields(requested, JSON.stringify(answer))).toEqual([]);
  });

  it('a field the answer leaves out or sends as null is unknown, not "not applied"', () => {
    expect(unappliedFields(requested, JSON.stringify({ requestId: 'r', url: requested.url }))).toEqual([]);
    const nulls = { url: null, notificationEventTypes: null, notificationServiceTypes: null, enabled: null };
    expect(unappliedFields(requested, JSON.stringify(nulls))).toEqual([]);
  });

  it('names every field that differs, with the requested and the returned value', () => {
    const answer = {
      url: 'https://old.example/',
      notificationEventTypes: ['INVOICE_PAID'],
      notificationServiceTypes: ['PAYOUT', 'INVOICE'],
      enabled: true,
    };
    expect(unappliedFields(requested, JSON.stringify(answer))).toEqual([
      { field: 'url', requested: requested.url, returned: 'https://old.example/' },
      {
        field: 'notificationEventTypes',
        requested: requested.notificationEventTypes,
        returned: ['INVOICE_PAID'],
      },
      { field: 'notificationServiceTypes', requested: ['PAYOUT'], returned: ['PAYOUT', 'INVOICE'] },
      { field: 'enabled', requested: false, returned: true },
    ]);
  });

  it('an answer that is not a JSON object says nothing about the fields', () => {
    expect(unappliedFields(requested, '')).toEqual([]);
    expect(unappliedFields(requested, '[]')).toEqual([]);
  });
});
