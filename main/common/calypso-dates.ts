/**
 * Calypso writes date-times without a zone and with microseconds (`2022-03-15T12:13:05.909616`).
 * `Date.parse` reads such text as local time, so every date the client reads goes through here and
 * leaves as ISO 8601 with `Z`. A zone-less date is UTC (the docs' advice; the list's form is INFERRED
 * from the delivery examples).
 */
const CALYPSO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/**
 * `text` as ISO 8601 UTC with `Z` (millisecond precision), or null when it is not a date-time: a
 * date that cannot be read is shown as unknown rather than refusing the whole subscription list.
 */
export function parseCalypsoDate(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  const match = CALYPSO_DATE.exec(text.trim());
  if (match === null) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = parts;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(local);
  // Date.UTC rolls 2022-02-30 over to March: such a date is not a date.
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    return null;
  }
  const utc = local - zoneOffsetMinutes(zone) * 60_000;
  if (!Number.isFinite(utc)) return null;
  return new Date(utc).toISOString();
}

/** A moment in Calypso's own wire form (UTC, no zone, 6 fraction digits), as the sandbox writes it. */
export function formatCalypsoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_all, millis: string) => `.${millis}000`);
}

/**
 * The sandbox's own ISO text (ending in `Z`) in Calypso's wire form; anything else (null, a date a test
 * forced with an offset or already zone-less, junk) is sent as it is.
 */
export function toCalypsoWireDate(iso: string | null): string | null {
  if (iso === null || !/Z$/i.test(iso)) return iso;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatCalypsoDate(ms);
}
