import type { ErrorKind } from '../common/errors';

/** Exit codes of every command but `status`: documented in the README and `--help`. */
export const EXIT = {
  ok: 0,
  /** The API, the network, the keychain, the settings file or the system clock failed. */
  failure: 1,
  /** Bad usage or invalid input: nothing was sent. */
  usage: 2,
  /** Calypso rejected the credentials (key, signature or timestamp). */
  auth: 3,
} as const;

/** The exit code for an error of this kind. */
export function exitCodeFor(kind: ErrorKind): number {
  if (kind === 'cancelled') return EXIT.ok;
  if (kind === 'validation') return EXIT.usage;
  if (kind === 'auth') return EXIT.auth;
  return EXIT.failure;
}

/** `status` follows the monitoring-plugin convention (Nagios, Icinga, Sensu) instead. */
export const STATUS_EXIT = { ok: 0, warning: 1, critical: 2, unknown: 3 } as const;

export type StatusState = keyof typeof STATUS_EXIT;
