import { afterNextPaint } from './after-paint';
import { englishRelativeTime, type RelativeUnit } from './english-relative-time';

interface Formatters {
  relative: Intl.RelativeTimeFormat;
  absolute: Intl.DateTimeFormat;
  clock: Intl.DateTimeFormat;
}

const STEPS: [RelativeUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 365],
];

// The first Intl formatter a window creates starts ICU: 11-37 ms in a fresh Chromium page, longer than
// rendering the first screenful's cards. That screenful needs only relative times ("3 minutes ago"),
// which in English read the same in every en-* locale and are written without ICU. So a window whose
// language is English paints its first screenful with those and creates the formatters in a
// background task after that frame (figure 4b, first screenful painted: 162.5 -> 147.5 ms, medians
// of 4 alternating bench runs each). From then on Intl says every relative time: the text changes
// only where the system locale and the window's language disagree. Tooltips wait for the formatters.
const ENGLISH = /^en(-[A-Za-z]{2}|-\d{3})?$/.test(navigator.language);
let formatters: Formatters | null = null;
let ready = $state(false);

afterNextPaint(() => {
  intl();
  ready = true;
}, 'background');

function intl(): Formatters {
  formatters ??= {
    relative: new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }),
    absolute: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
    clock: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
  };
  return formatters;
}

function relative(value: number, unit: RelativeUnit): string {
  if (ENGLISH && !ready) {
    const english = englishRelativeTime(value, unit);
    if (english !== null) return english;
  }
  return intl().relative.format(value, unit);
}

/** "3 minutes ago" / "in 40 seconds", relative to `now`. */
export function fromNow(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  let value = (at - now) / 1000;
  if (Math.abs(value) < 10) return 'just now';
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relative(Math.round(value), unit);
    value /= size;
  }
  return relative(Math.round(value), 'year');
}

/** A full local date and time, for tooltips and detail fields. */
export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : intl().absolute.format(at);
}

/** `dateTime` for a tooltip (title) on the first screen: none until the first frame is painted, see above. */
export function dateTimeTooltip(iso: string | null): string | undefined {
  return ready ? dateTime(iso) : undefined;
}

/** Hours and minutes only, for chart axes. */
export function clockTime(at: number): string {
  return intl().clock.format(at);
}
