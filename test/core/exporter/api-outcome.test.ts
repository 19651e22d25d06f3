import { describe, expect, it } from 'vitest';
import { AppError, ERROR_KINDS, type ErrorKind } from '../../../main/common/errors';
import { API_OUTCOMES, outcomeOfError } from '../../../main/core/exporter';

const EXPECTED: Record<ErrorKind, string> = {
  auth: 'auth-error',
  clock: 'clock-error',
  'rate-limit': 'rate-limited',
  server: 'server-error',
  network: 'network-error',
  timeout: 'timeout',
  cancelled: 'timeout',
  'bad-response': 'bad-response',
  validation: 'other',
  rejected: 'other',
  'not-applied': 'other',
  'not-found': 'other',
  keychain: 'other',
  settings: 'other',
  internal: 'other',
};

describe('outcomeOfError: the outcome label of a failed API request', () => {
  it.each(ERROR_KINDS.map((kind) => [kind, EXPECTED[kind]]))('%s → %s', (kind, outcome) => {
    expect(outcomeOfError(new AppError(kind, 'x'))).toBe(outcome);
  });

  it('reads anything else thrown as other, and never leaves the fixed set', () => {
    expect(outcomeOfError(new Error('boom'))).toBe('other');
    expect(outcomeOfError('boom')).toBe('other');
    for (const kind of ERROR_KINDS) expect(API_OUTCOMES).toContain(outcomeOfError(new AppError(kind, 'x')));
  });
});
