import { describe, expect, it } from 'vitest';
import { incidentKey, incidentTag, isChannelIncidentOf } from '../../../main/core/notifications/incident-key';

describe('incident keys', () => {
  it('are the forms policy-state.json holds, so incidents saved before survive', () => {
    expect(incidentKey('shop', { requestId: 'r1' })).toBe('shop/r1');
    expect(incidentKey('shop', 'auth')).toBe('shop#auth');
    expect(incidentKey('shop', 'unreachable')).toBe('shop#unreachable');
  });

  it('never mix a webhook whose id reads "auth" with the account problem', () => {
    expect(incidentKey('shop', { requestId: 'auth' })).not.toBe(incidentKey('shop', 'auth'));
  });

  it("tell a profile's channel incidents from its own and from another profile's", () => {
    expect(isChannelIncidentOf(incidentKey('shop', { requestId: 'r1' }), 'shop')).toBe(true);
    expect(isChannelIncidentOf(incidentKey('shop', 'auth'), 'shop')).toBe(false);
    expect(isChannelIncidentOf(incidentKey('shop-2', { requestId: 'r1' }), 'shop')).toBe(false);
  });

  it('tag every notification of one incident alike', () => {
    expect(incidentTag('shop', { requestId: 'r1' }, '2026-03-01T12:00:00Z')).toBe(
      'shop/r1/2026-03-01T12:00:00Z',
    );
    expect(incidentTag('shop', 'unreachable', '2026-03-01T12:00:00Z')).toBe(
      'shop/unreachable/2026-03-01T12:00:00Z',
    );
  });
});
