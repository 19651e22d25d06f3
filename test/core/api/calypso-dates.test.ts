import { describe, expect, it } from 'vitest';
import { formatCalypsoDate, parseCalypsoDate, toCalypsoWireDate } from '../../../main/common/calypso-dates';

describe('parseCalypsoDate', () => {
  it.each([
    ['2022-03-15T12:13:05.909616', '2022-03-15T12:13:05.909Z'],
    ['2025-10-30T14:08:39.96068', '2025-10-30T14:08:39.960Z'],
    ['2025-10-30T14:08:39', '2025-10-30T14:08:39.000Z'],
    ['2025-10-30T14:08', '2025-10-30T14:08:00.000Z'],
    ['2025-10-30T14:08:39.1', '2025-10-30T14:08:39.100Z'],
    ['2025-10-30T14:08:39.123456789', '2025-10-30T14:08:39.123Z'],
    ['2025-10-30 14:08:39.5', '2025-10-30T14:08:39.500Z'],
    ['2025-10-30T14:08:39.5Z', '2025-10-30T14:08:39.500Z'],
    ['2025-10-30T16:08:39+02:00', '2025-10-30T14:08:39.000Z'],
    ['2025-10-30T09:38:39.25-0430', '2025-10-30T14:08:39.250Z'],
    ['2025-10-31T00:08:39+10', '2025-10-30T14:08:39.000Z'],
  ])('%s reads as %s (zone-less is UTC)', (text, iso) => {
    expect(parseCalypsoDate(text)).toBe(iso);
  });

  it.each([
    '2022-02-30T12:00:00',
    '2022-13-01T00:00:00',
    '2022-03-15T24:00:00',
    '2022-03-15T12:13:05.1234567890',
    '2022-03-15',
    'yesterday',
    '',
  ])('%j is not a date-time: null', (text) => {
    expect(parseCalypsoDate(text)).toBeNull();
  });

  it('null and undefined stay unknown', () => {
    expect(parseCalypsoDate(null)).toBeNull();
    expect(parseCalypsoDate(undefined)).toBeNull();
  });
});

describe('the sandbox wire form', () => {
  it('is UTC without a zone and with 6 fraction digits', () => {
    expect(formatCalypsoDate(Date.UTC(2022, 2, 15, 12, 13, 5, 909))).toBe('2022-03-15T12:13:05.909000');
  });

  it('rewrites the sandbox own Z form only; forced zoned or zone-less text passes as it is', () => {
    expect(toCalypsoWireDate('2022-03-15T12:13:05.909Z')).toBe('2022-03-15T12:13:05.909000');
    expect(toCalypsoWireDate('2022-03-15T14:13:05+02:00')).toBe('2022-03-15T14:13:05+02:00');
    expect(toCalypsoWireDate('2022-03-15T12:13:05.9')).toBe('2022-03-15T12:13:05.9');
    expect(toCalypsoWireDate(null)).toBeNull();
  });
});
