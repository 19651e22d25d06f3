import type { ErrorKind } from '../../common/errors';
import { toAppError } from '../../common/errors';

/** The `outcome` label of calypso_api_requests_total: a fixed set, so the series never multiply. */
export const API_OUTCOMES = [
  'ok',
  'auth-error',
  'clock-error',
  'rate-limited',
  'server-error',
  'network-error',
  'timeout',
  'bad-response',
  'other',
] as const;

export type ApiOutcome = (typeof API_OUTCOMES)[number];

const BY_KIND: Partial<Record<ErrorKind, ApiOutcome>> = {
  auth: 'auth-error',
  clock: 'clock-error',
  'rate-limit': 'rate-limited',
  server: 'server-error',
  network: 'network-error',
  timeout: 'timeout',
  // The monitor cancels a list call only at its poll deadline (or at shutdown): a timeout to an operator.
  cancelled: 'timeout',
  'bad-response': 'bad-response',
};

/** The outcome of one API request that failed with `error` (anything thrown; AppErrors by their kind). */
export function outcomeOfError(error: unknown): ApiOutcome {
  return BY_KIND[toAppError(error).kind] ?? 'other';
}
