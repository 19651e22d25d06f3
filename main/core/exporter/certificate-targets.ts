import { isLoopbackHost } from '../../common/url-rules';
import { latestOnly } from '../base';
import { certificateTargets, type CertificateWatch } from '../certificates';
import type { MonitorUpdate } from '../monitor';

/**
 * Whether the receivers of an account with this base URL may be checked on private addresses: only
 * when the account's API is on this machine (a sandbox), the rule of the app's automatic checks.
 */
export function allowsPrivateChecks(baseUrl: string): boolean {
  try {
    return isLoopbackHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/** Hands the https receivers of each update's snapshot to the watch, at most every 250 ms. */
export function followReceivers(
  watch: Pick<CertificateWatch, 'setTargets'>,
  baseUrls: ReadonlyMap<string, string>,
): ReturnType<typeof latestOnly<MonitorUpdate>> {
  const allowed = new Map([...baseUrls].map(([id, baseUrl]) => [id, allowsPrivateChecks(baseUrl)]));
  // Each snapshot is the whole picture: only the latest of a burst of polls matters.
  return latestOnly<MonitorUpdate>(
    (update) => watch.setTargets(certificateTargets(update.snapshot, (id) => allowed.get(id) === true)),
    250,
  );
}
