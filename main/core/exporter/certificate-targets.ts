import { receiversMayBePrivate } from '../../common/url-rules';
import { latestOnly } from '../base';
import { certificateTargets, type CertificateWatch } from '../certificates';
import type { MonitorUpdate } from '../monitor';

/** Hands the https receivers of each update's snapshot to the watch, at most every 250 ms. */
export function followReceivers(
  watch: Pick<CertificateWatch, 'setTargets'>,
  baseUrls: ReadonlyMap<string, string>,
): ReturnType<typeof latestOnly<MonitorUpdate>> {
  const allowed = new Map([...baseUrls].map(([id, baseUrl]) => [id, receiversMayBePrivate(baseUrl)]));
  // Each snapshot is the whole picture: only the latest of a burst of polls matters.
  return latestOnly<MonitorUpdate>(
    (update) => watch.setTargets(certificateTargets(update.snapshot, (id) => allowed.get(id) === true)),
    250,
  );
}
