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
  /** The server accepted a change but its answer shows some requested fields not applied. */
  'not-applied',
  'not-found',
  'keychain',
  'settings',
  /** This computer's clock is too far from the server's for signed requests to pass. */
  'clock',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A field of a change that Calypso's answer shows with another value than the one requested. */
export interface FieldMismatch {
  field: string;
  requested: unknown;
  returned: unknown;
}

/** The serializable form of an error, as it crosses IPC or is printed by `--json`. */
export interface ErrorInfo {
  kind: ErrorKind;
  message: string;
  status?: number;
  serverMessage?: string;
  retryAfterMs?: number;
  /** Calypso's own error code, when its error body carried one. */
  errorCode?: string;
  /** Calypso's trace id, when its error body carried one: what Calypso's support asks for. */
  traceId?: string;
  /** For `not-applied`: the fields the answer shows not applied. */
  fields?: FieldMismatch[];
}

export interface AppErrorOptions {
  status?: number;
  serverMessage?: string;
  retryAfterMs?: number;
  errorCode?: string;
  traceId?: string;
  fields?: FieldMismatch[];
  cause?: unknown;
}

/** "Support reference: trace 4bf92f… (code WEBHOOK_NOT_FOUND)", or undefined when the server gave neither. */
export function supportReference(info: Pick<ErrorInfo, 'errorCode' | 'traceId'>): string | undefined {
  const parts: string[] = [];
  if (info.traceId !== undefined) parts.push(`trace id ${info.traceId}`);
  if (info.errorCode !== undefined) parts.push(`error code ${info.errorCode}`);
  return parts.length === 0 ? undefined : `Support reference: ${parts.join(', ')}`;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly retryAfterMs?: number;
  readonly errorCode?: string;
  readonly traceId?: string;
  readonly fields?: FieldMismatch[];

  constructor(kind: ErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    if (options.status !== undefined) this.status = options.status;
    if (options.serverMessage !== undefined) this.serverMessage = options.serverMessage;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.errorCode !== undefined) this.errorCode = options.errorCode;
    if (options.traceId !== undefined) this.traceId = options.traceId;
    if (options.fields !== undefined) this.fields = options.fields;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { kind: this.kind, message: this.message };
    if (this.status !== undefined) info.status = this.status;
    if (this.serverMessage !== undefined) info.serverMessage = this.serverMessage;
    if (this.retryAfterMs !== undefined) info.retryAfterMs = this.retryAfterMs;
    if (this.errorCode !== undefined) info.errorCode = this.errorCode;
    if (this.traceId !== undefined) info.traceId = this.traceId;
    if (this.fields !== undefined) info.fields = this.fields;
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
