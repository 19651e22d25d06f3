/** The units the window's relative times use ("3 minutes ago", "in 2 hours"). */
export type RelativeUnit = 'second' | 'minute' | 'hour' | 'day' | 'year';

/** The words `numeric: 'auto'` puts in place of "1 day ago" and the like. */
const NEXT: Partial<Record<RelativeUnit, [past: string, future: string]>> = {
  day: ['yesterday', 'tomorrow'],
  year: ['last year', 'next year'],
};

/**
 * What `new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(value, unit)` says in every
 * English locale, for 1 to 999 units either way, without starting ICU; null for any other value (test
 * e2e/relative-time.spec.ts holds it to Chromium's own Intl).
 */
export function englishRelativeTime(value: number, unit: RelativeUnit): string | null {
  const count = Math.abs(value);
  if (!Number.isInteger(count) || count < 1 || count > 999) return null;
  const next = count === 1 ? NEXT[unit] : undefined;
  if (next) return value < 0 ? next[0] : next[1];
  const amount = `${count} ${unit}${count === 1 ? '' : 's'}`;
  return value < 0 ? `${amount} ago` : `in ${amount}`;
}
