import type { Timers } from '../base';
import type { DiagnoseOptions, Diagnosis } from '../diagnosis';
import type { MonitorEvent } from '../monitor';

/** One webhook whose receiver's certificate is watched. */
export interface CertificateTarget {
  profileId: string;
  requestId: string;
  url: string;
  /** The address rule: true only for the sandbox account or a loopback base URL. */
  allowPrivateAddresses: boolean;
}

/** What the last checks of a webhook's receiver found. */
export interface CertificateStatus {
  url: string;
  /** The certificate's end of validity, from the last check that got one (kept when a later one fails). */
  expiresAt: string | null;
  /** Whole days left at the time of reading (rounded up, as the diagnosis does); negative once expired. */
  daysLeft: number | null;
  checkedAt: string;
  /** Why the last check got no certificate, or null when it got one. */
  error: string | null;
}

export interface CertificateWatch {
  /** Checks new https URLs at once, forgets removed ones; every URL is re-checked every intervalMs (default 24 h). */
  setTargets(targets: readonly CertificateTarget[]): void;
  get(profileId: string, requestId: string): CertificateStatus | null;
  /** `get(...)?.expiresAt ?? null` without building the status: for a snapshot of many channels. */
  expiresAt(profileId: string, requestId: string): string | null;
  /** `cert-expiring` MonitorEvents, once per threshold (14, then 3 days) per channel and certificate. */
  onEvent(listener: (event: MonitorEvent) => void): () => void;
  /** Any status changed (the snapshot/badge should refresh). */
  onChange(listener: () => void): () => void;
  /** Resolves once no check is queued or running (a one-shot command waits for its checks). */
  settled(): Promise<void>;
  dispose(): void;
}

/** The TLS check of one URL: `checkConnection` of main/core/diagnosis, or a stand-in in tests. */
export type CertificateCheck = (
  url: string,
  options: DiagnoseOptions,
) => Promise<Pick<Diagnosis, 'certificate' | 'verdict'>>;

export interface CertificateWatchOptions {
  /** Default: real timers that do not keep the process alive. */
  timers?: Timers;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** Default: `checkConnection` (DNS, TCP and the TLS handshake; never a request). */
  check?: CertificateCheck;
  /** Re-check period of every URL (default 24 h). */
  intervalMs?: number;
  /** Re-check period after a check that got no certificate (default 1 h, never more than intervalMs). */
  retryMs?: number;
  /** Days before expiry at which a `cert-expiring` event is due (default 14 and 3). */
  thresholdsDays?: readonly number[];
  /** One check's budget (default 5 s). */
  timeoutMs?: number;
  /** The certificates the API client trusts, so a check trusts what the app trusts. */
  trust?: () => readonly string[] | undefined;
  /** Checks running at once (default 2). */
  concurrency?: number;
  /** Receives log lines prefixed `certificates:`. */
  log?: (line: string) => void;
}
