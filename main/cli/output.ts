import { supportReference, type ErrorInfo, type FieldMismatch } from '../common/errors';

/** Where a command's results and messages go; one instance per run. */
export interface Output {
  readonly json: boolean;
  /** The command's one JSON document (stdout); ignored unless --json. */
  document(value: unknown): void;
  /** The command's human result (stdout); ignored with --json. */
  result(text: string): void;
  /** A message for the person at the terminal (stderr), in every mode. */
  message(text: string): void;
  /** A warning (stderr), in every mode. */
  warn(text: string): void;
  /** An error: as `{"error":{...}}` on stdout with --json, and always as a line on stderr. */
  error(info: ErrorInfo): void;
  /** A declined confirmation: `{"cancelled":true}` with --json, and the message on stderr. */
  cancelled(message: string): void;
}

export interface OutputStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `1 error`, `2 errors`: a count with its noun in the right number. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** A message as one line, so a line-based reader of stderr or a JSON field shows it whole. */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/**
 * The `{"error":...}` body: kind, message and status (the server message is folded into message),
 * plus `retryAfterMs` when Calypso said how long to wait (a 429), so a script can wait that long,
 * `errorCode` and `traceId` when Calypso's error body carried them, and the `fields` of a change
 * that was not applied.
 */
export function errorDocument(info: ErrorInfo): {
  error: {
    kind: string;
    message: string;
    status: number | null;
    retryAfterMs?: number;
    errorCode?: string;
    traceId?: string;
    fields?: FieldMismatch[];
  };
} {
  return {
    error: {
      kind: info.kind,
      message: oneLine(info.message),
      status: info.status ?? null,
      ...(info.retryAfterMs === undefined ? {} : { retryAfterMs: info.retryAfterMs }),
      ...(info.errorCode === undefined ? {} : { errorCode: info.errorCode }),
      ...(info.traceId === undefined ? {} : { traceId: info.traceId }),
      ...(info.fields === undefined ? {} : { fields: info.fields }),
    },
  };
}

/**
 * `compact`: JSON on one line, for a command whose --json output is one object per line (`watch`),
 * where an error document must be one line too for a line reader.
 */
export function createOutput(
  json: boolean,
  streams: OutputStreams = process,
  options: { compact?: boolean } = {},
): Output {
  const indent = options.compact === true ? undefined : 2;
  let documents = 0;
  const line = (stream: NodeJS.WritableStream, text: string) =>
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  return {
    json,
    document(value) {
      if (!json) return;
      // --json promises exactly one document; a second would be a bug in a command.
      if (documents++ > 0) throw new Error('cli: a command printed two JSON documents');
      line(streams.stdout, JSON.stringify(value, null, indent));
    },
    result(text) {
      if (!json) line(streams.stdout, text);
    },
    message(text) {
      line(streams.stderr, text);
    },
    warn(text) {
      line(streams.stderr, `warning: ${text}`);
    },
    error(info) {
      if (json && documents === 0) this.document(errorDocument(info));
      line(streams.stderr, `error: ${oneLine(info.message)}`);
      const reference = supportReference(info);
      if (reference !== undefined) line(streams.stderr, reference);
    },
    cancelled(message) {
      if (json && documents === 0) this.document({ cancelled: true });
      line(streams.stderr, message);
    },
  };
}
