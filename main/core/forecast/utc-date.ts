const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Milliseconds of a Calypso date-time, which carries no time zone and reads as UTC; null if unreadable. */
export function parseUtcMs(value: string | null): number | null {
  if (value === null) return null;
  const ms = Date.parse(HAS_ZONE.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? null : ms;
}
