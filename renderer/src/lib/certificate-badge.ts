// What the window says of a webhook receiver's certificate: the badge on the dashboard card.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Within this many days the card shows a warning badge (the app's first notification threshold). */
export const CERTIFICATE_WARN_DAYS = 14;
/** Within this many days the badge turns to the danger colour (the last notification threshold). */
export const CERTIFICATE_DANGER_DAYS = 3;

export interface CertificateBadge {
  text: string;
  tone: 'warn' | 'crit';
}

/** Whole days left, rounded up as the notifications count them; 0 or less once expired. */
export function certificateDaysLeft(expiresAt: string, now: number): number {
  return Math.ceil((Date.parse(expiresAt) - now) / DAY_MS);
}

/** "Certificate expires in 5 days" (warning) or "Certificate expired" (danger); null when not near. */
export function certificateBadge(expiresAt: string | null, now: number): CertificateBadge | null {
  if (expiresAt === null || Number.isNaN(Date.parse(expiresAt))) return null;
  const days = certificateDaysLeft(expiresAt, now);
  if (days > CERTIFICATE_WARN_DAYS) return null;
  if (days <= 0) return { text: 'Certificate expired', tone: 'crit' };
  return {
    text: `Certificate expires in ${days === 1 ? '1 day' : `${days} days`}`,
    tone: days <= CERTIFICATE_DANGER_DAYS ? 'crit' : 'warn',
  };
}

/** " (in 5 days)", " (in 1 day)" or " (expired)": after the expiry date on the channel screen. */
export function certificateExpiryNote(expiresAt: string, now: number): string {
  const days = certificateDaysLeft(expiresAt, now);
  if (days <= 0) return ' (expired)';
  return ` (in ${days === 1 ? '1 day' : `${days} days`})`;
}
