import type { z } from 'zod';
import { AppError } from '../errors';

type Issue = z.core.$ZodIssue;

function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else result += result.length === 0 ? String(segment) : `.${String(segment)}`;
  }
  return result.length === 0 ? '(response)' : result;
}

/** One issue as "subscriptions[2].errorCount: expected number", without ever quoting a value. */
function describeIssue(issue: Issue, prefix: readonly PropertyKey[] = []): string {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const first = issue.errors[0]?.[0];
    if (first !== undefined) return describeIssue(first, path);
  }
  if (issue.code === 'invalid_type') {
    return `${formatPath(path)}: expected ${issue.expected}${issue.input === undefined ? ', missing' : ''}`;
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
  // The input is reported only to tell a missing field from a wrong one; no value is ever quoted.
  const result = schema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const shown = issues.slice(0, 3).map((issue) => describeIssue(issue));
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
  throw badResponse(status, what, `${shown.join('; ')}${more}`);
}
