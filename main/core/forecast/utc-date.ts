import { parseCalypsoDate } from '../../common/calypso-dates';

/** Milliseconds of a Calypso date-time (zone-less ones read as UTC), or null if unreadable. */
export function parseUtcMs(value: string | null): number | null {
  const iso = parseCalypsoDate(value);
  return iso === null ? null : Date.parse(iso);
}
