import type { MonitorEvent } from '../monitor';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The default warning thresholds, in days before expiry. */
export const DEFAULT_THRESHOLDS_DAYS: readonly number[] = [14, 3];

/** Whole days until `expiresAt` from `now`, rounded up (as the diagnosis counts them); ≤ 0 once expired. */
export function daysUntil(expiresAt: string, now: number): number {
  return Math.ceil((Date.parse(expiresAt) - now) / DAY_MS);
}

/** The thresholds already announced for one channel's certificate; a renewed one starts afresh. */
export interface Announced {
  expiresAt: string;
  thresholds: ReadonlySet<number>;
}

/**
 * The threshold to announce now, if any, and what is then announced. A check that finds several
 * thresholds crossed at once (first seen 2 days before expiry) announces only the nearest one.
 */
export function nextAnnouncement(
  expiresAt: string,
  now: number,
  thresholds: readonly number[],
  announced: Announced | undefined,
): { thresholdDays: number; announced: Announced } | null {
  const daysLeft = daysUntil(expiresAt, now);
  const crossed = thresholds.filter((days) => daysLeft <= days);
  if (crossed.length === 0) return null;
  const before = announced?.expiresAt === expiresAt ? announced.thresholds : new Set<number>();
  if (crossed.every((days) => before.has(days))) return null;
  return {
    thresholdDays: Math.min(...crossed),
    announced: { expiresAt, thresholds: new Set([...before, ...crossed]) },
  };
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** The sentence of a `cert-expiring` event: which receiver, when its certificate expires. */
export function expiryMessage(url: string, expiresAt: string, now: number): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // Targets are https URLs; a malformed one is named as given.
  }
  const daysLeft = daysUntil(expiresAt, now);
  if (daysLeft <= 0) return `${url}: the certificate of ${host} expired on ${day(expiresAt)}`;
  const days = daysLeft === 1 ? '1 day' : `${daysLeft} days`;
  return `${url}: the certificate of ${host} expires in ${days}, on ${day(expiresAt)}`;
}

/** The `cert-expiring` event of one channel; its id names the certificate and threshold, so a repeat is recognisable. */
export function expiringEvent(
  target: { profileId: string; requestId: string; url: string },
  expiresAt: string,
  thresholdDays: number,
  now: number,
): MonitorEvent {
  return {
    id: `${target.profileId}/${target.requestId}/cert-expiring/${expiresAt}/${thresholdDays}`,
    type: 'cert-expiring',
    at: new Date(now).toISOString(),
    profileId: target.profileId,
    requestId: target.requestId,
    url: target.url,
    errorCount: null,
    message: expiryMessage(target.url, expiresAt, now),
    expiresAt,
    thresholdDays,
  };
}
