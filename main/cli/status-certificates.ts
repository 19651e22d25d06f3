import { createCertificateWatch, type CertificateStatus } from '../core/certificates';
import { isLoopbackHost } from '../common/url-rules';

/** How long `status` waits for all its certificate checks: a monitoring check must answer in seconds. */
export const CERTIFICATE_CHECKS_BUDGET_MS = 8_000;

/** `status`'s default for --cert-warn-days, the app's first warning threshold. */
export const DEFAULT_CERT_WARN_DAYS = 14;

/**
 * Private, link-local and loopback receivers are checked only for an account on this computer (a
 * loopback base URL, such as the sandbox): a list answer must not aim `status` at the local network.
 */
export function mayCheckPrivate(baseUrl: string | null): boolean {
  if (baseUrl === null) return false;
  try {
    return isLoopbackHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/**
 * The certificates of the https webhooks, one TLS handshake per receiver (never a request), within
 * CERTIFICATE_CHECKS_BUDGET_MS: a receiver that has not answered by then has no status. Keyed by requestId.
 */
export async function checkCertificates(
  channels: readonly { requestId: string; url: string }[],
  allowPrivateAddresses: boolean,
  budgetMs = CERTIFICATE_CHECKS_BUDGET_MS,
): Promise<Map<string, CertificateStatus>> {
  const watch = createCertificateWatch({ concurrency: 4, timeoutMs: Math.min(5_000, budgetMs) });
  const found = new Map<string, CertificateStatus>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    watch.setTargets(channels.map((channel) => ({ profileId: 'status', ...channel, allowPrivateAddresses })));
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, budgetMs);
    });
    await Promise.race([watch.settled(), late]);
    for (const channel of channels) {
      const status = watch.get('status', channel.requestId);
      if (status !== null) found.set(channel.requestId, status);
    }
    return found;
  } finally {
    clearTimeout(timer);
    watch.dispose();
  }
}

/** The detail line's note for a certificate within the warning days, or null. */
export function certificateNote(status: CertificateStatus | undefined, warnDays: number): string | null {
  if (status?.expiresAt == null || status.daysLeft === null || status.daysLeft > warnDays) return null;
  const host = new URL(status.url).host;
  const date = status.expiresAt.slice(0, 10);
  if (status.daysLeft <= 0)
    return `the certificate of ${host} expired on ${date}: renew it on the receiver's server`;
  const days = status.daysLeft === 1 ? '1 day' : `${status.daysLeft} days`;
  return `the certificate of ${host} expires in ${days}, on ${date}: renew it on the receiver's server`;
}
