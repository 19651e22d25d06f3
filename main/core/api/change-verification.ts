import { AppError, type FieldMismatch } from '../../common/errors';

/** The state a change asks for: what the client sends as the payload. */
export interface RequestedState {
  url: string;
  notificationEventTypes: readonly string[];
  notificationServiceTypes: readonly string[];
  enabled: boolean;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * The requested fields that the change answer shows with another value. The answer's body is not
 * documented (INFERRED: a channel), so a field it leaves out (absent or null) is unknown, not "not
 * applied"; lists compare as sets, since Calypso may reorder or deduplicate them.
 */
export function unappliedFields(requested: RequestedState, answerBody: string): FieldMismatch[] {
  let answer: unknown;
  try {
    answer = JSON.parse(answerBody);
  } catch {
    return [];
  }
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return [];
  const returned = answer as Record<string, unknown>;
  const mismatches: FieldMismatch[] = [];
  if (typeof returned.url === 'string' && returned.url !== requested.url) {
    mismatches.push({ field: 'url', requested: requested.url, returned: returned.url });
  }
  for (const field of ['notificationEventTypes', 'notificationServiceTypes'] as const) {
    const value = returned[field];
    if (isStringList(value) && !sameSet(value, requested[field])) {
      mismatches.push({ field, requested: [...requested[field]], returned: value });
    }
  }
  if (typeof returned.enabled === 'boolean' && returned.enabled !== requested.enabled) {
    mismatches.push({ field: 'enabled', requested: requested.enabled, returned: returned.enabled });
  }
  return mismatches;
}

/** The error for a change Calypso accepted but did not (wholly) apply. */
export function notAppliedError(requestId: string, fields: FieldMismatch[], status: number): AppError {
  const names = fields.map((mismatch) => mismatch.field).join(', ');
  return new AppError(
    'not-applied',
    `Calypso accepted the change of subscription ${requestId}, but its answer shows ${names} not applied. Refresh the list to see the subscription as it is now, and try the change again; if it persists, contact Calypso support.`,
    { status, fields },
  );
}
