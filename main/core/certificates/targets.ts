import type { CertificateTarget } from './types';
import type { MonitorSnapshot } from '../monitor';

/**
 * The https webhooks of every monitored profile, each with the address rule of its account: only
 * the sandbox or a loopback base URL may have its receivers checked on this computer's networks.
 */
export function certificateTargets(
  snapshot: MonitorSnapshot,
  mayCheckPrivate: (profileId: string) => boolean,
): CertificateTarget[] {
  const targets: CertificateTarget[] = [];
  for (const profile of snapshot.profiles) {
    const https = profile.channels.filter((channel) => /^https:\/\//i.test(channel.url));
    if (https.length === 0) continue;
    const allowPrivateAddresses = mayCheckPrivate(profile.profileId);
    for (const channel of https) {
      targets.push({
        profileId: profile.profileId,
        requestId: channel.requestId,
        url: channel.url,
        allowPrivateAddresses,
      });
    }
  }
  return targets;
}
