import type { z } from 'zod';
import { AppError } from '../../common/errors';

type Issue = z.core.$ZodIssue;

function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else result += result.length === 0 ? String(segment) : `.${String(segment)}`;
  }
  return result.length === 0 ? '(response)' : result;
}

/** Whether the parsed JSON has no value (or `undefined`) at `path`. */
function isMissing(json: unknown, path: readonly PropertyKey[]): boolean {
  let value: unknown = json;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return true;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value === undefined;
}

/** One issue as "subscriptions[2].errorCount: expected number", without ever quoting a value. */
function describeIssue(issue: Issue, json: unknown, prefix: readonly PropertyKey[] = []): string {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const first = issue.errors[0]?.[0];
    if (first !== undefined) return describeIssue(first, json, path);
  }
  if (issue.code === 'invalid_type') {
    return `${formatPath(path)}: expected ${issue.expected}${isMissing(json, path) ? ', missing' : ''}`;
  }
  return `${formatPath(path)}: ${issue.message}`;
}

function badResponse(status: number, what: string, problem: string): AppError {
  return new AppError(
    'bad-response',
    `Calypso sent ${what} that cannot be read (${problem}). The API may have changed: check for an update of Webhook Tray, or contact Calypso support if it persists.`,
    { status },
  );
}

/**
 * Parses a 2xx body with a zod schema. Malformed JSON and unexpected shapes become `bad-response`
 * errors naming the path and the problem; the body itself is never quoted, since it holds secret keys.
 */
export function parseResponse<T>(schema: z.ZodType<T>, body: string, status: number, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw badResponse(status, what, `not valid JSON, ${Buffer.byteLength(body)} bytes`);
  }
  // zod keeps no input on its issues (they could carry secret keys); a field's absence is read from
  // the JSON itself.
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const shown = issues.slice(0, 3).map((issue) => describeIssue(issue, json));
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
  throw badResponse(status, what, `${shown.join('; ')}${more}`);
}
