import { AppError } from '../../common/errors';

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

/** The JSON fields an error body may carry its message in (the format is undocumented). */
const MESSAGE_FIELDS = ['message', 'error', 'errorMessage', 'description', 'detail', 'errors'] as const;

/** A message from one field's value: a string, a list of strings, or an object with a message of its own. */
function messageOf(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return value.trim().length > 0 ? value.trim() : undefined;
  if (Array.isArray(value)) {
    const parts = value.map((item) => messageOf(item, depth)).filter((part) => part !== undefined);
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
  if (depth > 0 && value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const field of MESSAGE_FIELDS) {
      const found = messageOf(record[field], depth - 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * The server's own words from an error body: a JSON `message`, `error`, `errorMessage`, `description`,
 * `detail` or `errors` field (a string, a list of strings, or an object holding one of these, such as
 * `{"error":{"message":...}}`), else the start of the body as text. `secrets` are removed before the
 * text is cut, so a secret that straddles the cut cannot show in part.
 */
export function readServerMessage(body: string, secrets: readonly string[] = []): string | undefined {
  const text = redactSecrets(body, secrets).trim();
  if (text.length === 0) return undefined;
  try {
    const found = messageOf(JSON.parse(text), 2);
    if (found !== undefined) return preview(found);
  } catch {
    // Not JSON: the text itself.
  }
  return preview(text);
}

/** A reference field of Calypso's error body (`{traceId, errorCode, message}`): a short string or number. */
function referenceOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= TEXT_BODY_PREVIEW ? trimmed : undefined;
}

/** `errorCode` and `traceId` from a JSON error body, each only when the server sent it. */
export function readErrorReferences(
  body: string,
  secrets: readonly string[] = [],
): { errorCode?: string; traceId?: string } {
  let json: unknown;
  try {
    json = JSON.parse(redactSecrets(body, secrets));
  } catch {
    return {};
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return {};
  const record = json as Record<string, unknown>;
  const errorCode = referenceOf(record.errorCode);
  const traceId = referenceOf(record.traceId);
  return {
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(traceId === undefined ? {} : { traceId }),
  };
}

function preview(text: string): string {
  return text.length > TEXT_BODY_PREVIEW ? `${text.slice(0, TEXT_BODY_PREVIEW)}…` : text;
}

/**
 * Milliseconds to wait from a `Retry-After` header: delta seconds or an HTTP date, the latter
 * compared with the server's clock as the client knows it (`serverNowMs`).
 */
export function parseRetryAfter(value: string | undefined, serverNowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(Math.round(Number(trimmed) * 1000), MAX_RETRY_AFTER_MS);
  // Only an HTTP date (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"): Date.parse alone takes "-1" or
  // "abc 7" for dates long past, which would mean "retry at once" instead of backing off.
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - serverNowMs), MAX_RETRY_AFTER_MS);
}

/** An HTTP date as RFC 9110 requires servers to send it (IMF-fixdate). */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The longest wait a Retry-After is read as (a day): beyond it the value means nothing useful. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

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
  /**
   * Whether the request carried values the merchant entered (a create or a change). A refused list,
   * delete or key regeneration carries only the account settings, so the advice points there.
   */
  carriesInput?: boolean;
  retryAfterMs?: number;
  secrets: readonly string[];
}

/** Maps a non-2xx response to an AppError whose kind and message say what the merchant can do. */
export function errorFromResponse(context: HttpErrorContext): AppError {
  const { status } = context;
  const serverMessage = readServerMessage(context.body, context.secrets);
  const options = {
    status,
    ...(serverMessage === undefined ? {} : { serverMessage }),
    ...readErrorReferences(context.body, context.secrets),
  };
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
  if (status === 407) {
    return new AppError(
      'network',
      `The proxy refused the request: it asks for a login (${said}). Put the user name and password in the proxy variable (HTTPS_PROXY=http://user:password@proxy:port) and restart Webhook Tray.`,
      options,
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
  const refusedTime = status === 400 && TIMESTAMP_REFUSED.test(serverMessage ?? '');
  const refusedCredentials =
    status === 400 && CREDENTIALS_REFUSED.some((pattern) => pattern.test(serverMessage ?? ''));
  if (status === 401 || status === 403 || refusedTime || refusedCredentials) {
    if (TIMESTAMP_REFUSED.test(serverMessage ?? '')) {
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
    context.carriesInput === false
      ? `Calypso rejected the request (${said}). Check the account id and the base URL in the account settings.`
      : `Calypso rejected the request (${said}). Check the values you entered.`,
    options,
  );
}
