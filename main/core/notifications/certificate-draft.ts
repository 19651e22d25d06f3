import type { MonitorEvent } from '../monitor';
import type { Draft } from './notification-drafts';

const DAY_MS = 24 * 60 * 60 * 1000;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * What a `cert-expiring` notification says: which webhook, which host, when its certificate
 * expires, and what to do (renew it on the receiver's server before Calypso's deliveries fail).
 */
export function certificateDraft(event: MonitorEvent, profileName: string): Draft {
  const url = event.url ?? 'a webhook';
  const host = hostOf(url);
  const expiresAt = event.expiresAt ?? event.at;
  const date = `${expiresAt.slice(0, 16).replace('T', ' ')} UTC`;
  const daysLeft = Math.ceil((Date.parse(expiresAt) - Date.parse(event.at)) / DAY_MS);
  const urgency = (event.thresholdDays ?? daysLeft) <= 3 ? 'critical' : 'normal';
  if (daysLeft <= 0) {
    return {
      kind: 'cert-expiring',
      urgency: 'critical',
      title: `Certificate expired: ${host}`,
      body:
        `${profileName}: the HTTPS certificate of ${host}, which receives ${url}, expired on ${date}: ` +
        "Calypso's deliveries to it fail. Renew the certificate on the receiver's server.",
    };
  }
  const days = daysLeft === 1 ? '1 day' : `${daysLeft} days`;
  return {
    kind: 'cert-expiring',
    urgency,
    title: `Certificate expires in ${days}: ${host}`,
    body:
      `${profileName}: the HTTPS certificate of ${host}, which receives ${url}, expires on ${date}. ` +
      "Renew it on the receiver's server before then, or Calypso's deliveries to it will fail.",
  };
}
