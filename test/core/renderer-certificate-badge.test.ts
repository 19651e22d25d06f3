import { describe, expect, it } from 'vitest';
import { certificateBadge, certificateExpiryNote } from '../../renderer/src/lib/certificate-badge';

const NOW = Date.parse('2026-12-07T00:00:00.000Z');
const inDays = (days: number) => new Date(NOW + days * 24 * 60 * 60 * 1000).toISOString();

describe('renderer certificate badge', () => {
  it('warns within 14 days, turns to danger within 3 and says when it expired', () => {
    expect(certificateBadge(null, NOW)).toBeNull();
    expect(certificateBadge(inDays(15), NOW)).toBeNull();
    expect(certificateBadge(inDays(14), NOW)).toEqual({
      text: 'Certificate expires in 14 days',
      tone: 'warn',
    });
    expect(certificateBadge(inDays(5), NOW)).toEqual({ text: 'Certificate expires in 5 days', tone: 'warn' });
    expect(certificateBadge(inDays(3), NOW)).toEqual({ text: 'Certificate expires in 3 days', tone: 'crit' });
    expect(certificateBadge(inDays(0.5), NOW)).toEqual({
      text: 'Certificate expires in 1 day',
      tone: 'crit',
    });
    expect(certificateBadge(inDays(-2), NOW)).toEqual({ text: 'Certificate expired', tone: 'crit' });
  });

  it('notes the days left after the date on the channel screen', () => {
    expect(certificateExpiryNote(inDays(40), NOW)).toBe(' (in 40 days)');
    expect(certificateExpiryNote(inDays(-1), NOW)).toBe(' (expired)');
  });
});
