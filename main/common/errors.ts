/**
 * Errors are values with a kind: every layer (CLI, monitor, IPC, renderer) decides what to do
 * from the kind alone, and shows `message`, which always says what the merchant can do next.
 */
export const ERROR_KINDS = [
  'auth',
  'validation',
  'rate-limit',
  'server',
  'network',
  'timeout',
  'bad-response',
  'rejected',
  /** The person declined a confirmation: nothing was changed, and that is not a failure. */
  'cancelled',
  'not-found',
  'keychain',
  'settings',
  /** This computer's clock is too far from the server's for signed requests to pass. */
  'clock',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The serializable form of an error, as it crosses IPC or is printed by `--json`. */
export interface ErrorInfo {
  kind: ErrorKind;
  message: string;
  status?: number;
  serverMessage?: string;
  retryAfterMs?: number;
}

export interface AppErrorOptions {
  status?: number;
  serverMessage?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly retryAfterMs?: number;

  constructor(kind: ErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    if (options.status !== undefined) this.status = options.status;
    if (options.serverMessage !== undefined) this.serverMessage = options.serverMessage;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { kind: this.kind, message: this.message };
    if (this.status !== undefined) info.status = this.status;
    if (this.serverMessage !== undefined) info.serverMessage = this.serverMessage;
    if (this.retryAfterMs !== undefined) info.retryAfterMs = this.retryAfterMs;
    return info;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new AppError('internal', `Unexpected error: ${message}`, { cause: value });
}
