import { AppError } from '../errors';

/** How much of a non-JSON error body is shown: enough to recognise a proxy page, not a wall of HTML. */
const TEXT_BODY_PREVIEW = 200;

/**
 * A 400 whose message says the request time was refused: a clock problem, not bad input. A message
 * that merely names the field ("timestamp is required") is a malformed request, not this.
 */
const TIMESTAMP_REFUSED =
  /\btimestamp\b.*\b(expired|out of|outside|window|too old|too far|in the future|skew)/i;

/**
 * A 400 whose message says the signature or the key was refused. Specific phrases only: a message
 * that just mentions a key ("Rate limit exceeded for this API key") says nothing about the credentials.
 */
const CREDENTIALS_REFUSED = [
  /\b(invalid|bad|wrong|incorrect) (signature|sign\b|api key|key\b)/i,
  /\bsign(ature)?( header)? (mismatch|is invalid|does not match|verification failed)/i,
  /\b(unknown|invalid) (api )?key\b/i,
];

/**
 * Removes secrets from text that will be shown or logged. A server may echo parts of a request,
 * and the secret must never leave the keychain through an error message.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}

/**
 * The server's own words from an error body: a JSON `message`, `error`, `errorMessage` or
 * `description` field (the format is undocumented), else the start of the text body.
 */
export function readServerMessage(body: string): string | undefined {
  const text = body.trim();
  if (text.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      for (const field of ['message', 'error', 'errorMessage', 'description']) {
        const value = record[field];
        if (typeof value === 'string' && value.trim().length > 0) return value.trim();
      }
      return undefined;
    }
  } catch {
    // Not JSON: fall through to the text preview.
  }
  return text.length > TEXT_BODY_PREVIEW ? `${text.slice(0, TEXT_BODY_PREVIEW)}…` : text;
}

/**
 * Milliseconds to wait from a `Retry-After` header: delta seconds or an HTTP date, the latter
 * compared with the server's clock as the client knows it (`serverNowMs`).
 */
export function parseRetryAfter(value: string | undefined, serverNowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - serverNowMs);
}

/** "30 s", "2 min": a wait a merchant can read at a glance. */
export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

function withServerMessage(summary: string, serverMessage: string | undefined): string {
  return serverMessage === undefined ? summary : `${summary}: ${serverMessage}`;
}

export interface HttpErrorContext {
  status: number;
  body: string;
  retryAfterMs?: number;
  secrets: readonly string[];
}

/** Maps a non-2xx response to an AppError whose kind and message say what the merchant can do. */
export function errorFromResponse(context: HttpErrorContext): AppError {
  const { status } = context;
  const raw = readServerMessage(context.body);
  const serverMessage = raw === undefined ? undefined : redactSecrets(raw, context.secrets);
  const options = serverMessage === undefined ? { status } : { status, serverMessage };
  const said = withServerMessage(`HTTP ${status}`, serverMessage);

  // The status decides first; only a 400, whose meaning depends on its message, is read further.
  if (status === 429) {
    const wait = context.retryAfterMs;
    const next = wait === undefined ? 'try again in a minute' : `try again after ${formatWait(wait)}`;
    return new AppError(
      'rate-limit',
      `Calypso is rate-limiting requests (${said}): ${next}.`,
      wait === undefined ? options : { ...options, retryAfterMs: wait },
    );
  }
  if (status === 404) {
    return new AppError(
      'not-found',
      `Calypso could not find it (${said}). Refresh the list: the subscription may have been deleted, or the base URL may be wrong.`,
      options,
    );
  }
  if (status >= 500) {
    return new AppError(
      'server',
      `Calypso had a server error (${said}). Try again in a few minutes; if it persists, contact Calypso support.`,
      options,
    );
  }
  const refusedTime = status === 400 && TIMESTAMP_REFUSED.test(raw ?? '');
  const refusedCredentials = status === 400 && CREDENTIALS_REFUSED.some((pattern) => pattern.test(raw ?? ''));
  if (status === 401 || status === 403 || refusedTime || refusedCredentials) {
    if (TIMESTAMP_REFUSED.test(raw ?? '')) {
      return new AppError(
        'auth',
        `Calypso rejected the request time (${said}). Check that this computer's clock is set correctly.`,
        options,
      );
    }
    if (status === 403) {
      return new AppError(
        'auth',
        `Calypso refused access (${said}). Check the API key and secret in the account settings, and that the account id belongs to this API key.`,
        options,
      );
    }
    return new AppError(
      'auth',
      `Calypso rejected the credentials (${said}). Check the API key and secret in the account settings.`,
      options,
    );
  }
  if (status >= 300 && status < 400) {
    return new AppError(
      'rejected',
      `Calypso answered with a redirect (${said}). Check the base URL in the account settings.`,
      options,
    );
  }
  return new AppError(
    'rejected',
    `Calypso rejected the request (${said}). Check the values you entered.`,
    options,
  );
}
