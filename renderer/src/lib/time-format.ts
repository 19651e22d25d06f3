// Every date and time the window shows, in the system locale's own words and formats.

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 365],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
// The time zone is shown wherever a full date is: the one place someone compares a time with
// another system's (Calypso's dashboard, a server log).
const full = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});
const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayAndClock = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** "3 minutes ago" / "in 40 seconds", relative to `now`. */
export function fromNow(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  let value = (at - now) / 1000;
  if (Math.abs(value) < 10) return 'just now';
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return relative.format(Math.round(value), 'year');
}

/** A full local date and time with its time zone, for tooltips and detail fields. */
export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : full.format(at);
}

/** Hours and minutes only ("Checked at"), and chart axes within one day. */
export function clockTime(at: number): string {
  return clock.format(at);
}

/** Whether two instants fall on different local days. */
export function differentDays(a: number, b: number): boolean {
  return new Date(a).toDateString() !== new Date(b).toDateString();
}

/** A chart axis label: the time, and the date too for a time before today (the axis crossed midnight). */
export function axisTime(at: number, withDate: boolean): string {
  return withDate ? dayAndClock.format(at) : clock.format(at);
}
