/** What a diagnosis can find wrong with a webhook URL, in the order the steps meet them. */
export const PROBLEM_CODES = [
  'dns-failed',
  'connection-refused',
  'connect-timeout',
  'tls-untrusted',
  'tls-expired',
  'tls-hostname-mismatch',
  'tls-expiring',
  'http-not-found',
  'http-5xx',
  'http-timeout',
  /** The receiver closed the connection without any HTTP answer (a crash, a reset). */
  'http-no-answer',
  'redirect',
  'accepts-bad-signature',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Codes that warn of a coming failure rather than report one. */
export const WARNING_CODES: ReadonlySet<ProblemCode> = new Set(['tls-expiring']);

export interface Problem {
  code: ProblemCode;
  /** What was found and what to do about it. */
  message: string;
  /** The finding alone, short enough for a notification ("Connection refused by shop.example:443"). */
  summary: string;
}

export type StepName = 'dns' | 'tcp' | 'tls' | 'http';

export interface Step {
  step: StepName;
  ok: boolean;
  /** How long the step took, in whole milliseconds. */
  ms: number;
  detail: string;
  /** The step did not run: the address rule refused the connection. */
  skipped?: true;
}

/**
 * `ok`: nothing found; `warning`: only warnings; `problem`: at least one failure; `not-checked`: the
 * address rule kept a connection check from connecting (the host resolves into a private network).
 */
export type Severity = 'ok' | 'warning' | 'problem' | 'not-checked';

export interface Diagnosis {
  url: string;
  /** `full`: DNS, TCP, TLS and the HTTP probe; `connection`: DNS, TCP and TLS only. */
  mode: 'full' | 'connection';
  problems: Problem[];
  steps: Step[];
  severity: Severity;
  /** One line for a notification or a status line: the first problem's summary, or what went well. */
  verdict: string;
  seenFrom: 'this computer';
  /** Why a result from this computer may differ from what Calypso's servers see. */
  caveat: string;
  /** The server certificate's end of validity, when a TLS handshake got that far. */
  certificate?: { validTo: string; daysLeft: number };
}

export interface DiagnoseOptions {
  /**
   * Connect to private, link-local, loopback and other non-public addresses. True for a diagnosis the
   * merchant asks for and for the sandbox account; false (the default) for automatic checks.
   */
  allowPrivateAddresses?: boolean;
  /** The whole diagnosis's budget (default 10 s); the step running when it ends times out. */
  timeoutMs?: number;
  /** Stops the diagnosis: it then rejects with a `cancelled` AppError. */
  signal?: AbortSignal;
  /** PEM certificates trusted besides the system's roots (the API client's trust store). */
  ca?: string[];
}
