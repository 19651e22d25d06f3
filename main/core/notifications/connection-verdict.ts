import { checkConnection } from '../diagnosis';
import type { AppNotification, MonitorSnapshot } from '../monitor';

/** How long a failing notification waits for its connection check before it is sent without it. */
export const VERDICT_WAIT_MS = 3_000;

export interface ConnectionChecks {
  /** True for the sandbox account or a loopback base URL: its receivers may live on this computer. */
  allowPrivateAddresses: (profileId: string) => boolean;
  /** The certificates the API client trusts, so a check trusts what the app trusts. */
  trust?: () => readonly string[] | undefined;
  /** Default VERDICT_WAIT_MS. */
  waitMs?: number;
}

/**
 * The connection check's one-line verdict for a failing channel (DNS, TCP, TLS only: never the
 * POST, so a check sends nothing to the merchant's shop), or null when it found nothing, could
 * not run, or did not answer within the wait.
 */
export async function failingVerdict(
  notification: AppNotification,
  snapshot: MonitorSnapshot,
  checks: ConnectionChecks,
): Promise<string | null> {
  const { profileId, requestId } = notification;
  const profile = snapshot.profiles.find((p) => p.profileId === profileId);
  const url = profile?.channels.find((c) => c.requestId === requestId)?.url;
  if (url === undefined || url === null) return null;
  const waitMs = checks.waitMs ?? VERDICT_WAIT_MS;
  let ca: readonly string[] | undefined;
  try {
    ca = checks.trust?.();
  } catch {
    // An unreadable extra CA file: check with the system's roots rather than not at all.
    ca = undefined;
  }
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(null);
    }, waitMs);
  });
  const check = checkConnection(url, {
    allowPrivateAddresses: checks.allowPrivateAddresses(profileId),
    timeoutMs: waitMs,
    signal: controller.signal,
    ...(ca === undefined ? {} : { ca: [...ca] }),
  }).then(
    (diagnosis) => (diagnosis.severity === 'problem' ? diagnosis.verdict : null),
    () => null,
  );
  try {
    return await Promise.race([check, late]);
  } finally {
    clearTimeout(timer);
  }
}
