import { isIP } from 'node:net';
import { AppError } from '../../common/errors';

/** Where the exporter listens; `host` undefined means every interface. */
export interface ListenAddress {
  host: string | undefined;
  port: number;
}

export const DEFAULT_LISTEN = '127.0.0.1:9464';

function invalid(raw: string, why: string): AppError {
  return new AppError(
    'validation',
    `Invalid listen address "${raw}": ${why}. Give HOST:PORT (127.0.0.1:9464), [IPv6]:PORT ([::1]:9464) or :PORT for every interface.`,
  );
}

/**
 * Reads `host:port`, `[v6]:port` or `:port` (every interface). Port 0 lets the system pick a free
 * port (the exporter prints the one it got). Host names are accepted as given; a bare IPv6 address
 * without brackets is refused, since its last group cannot be told from a port.
 */
export function parseListenAddress(raw: string): ListenAddress {
  const text = raw.trim();
  const match = /^(?:\[([^\]]*)\]|([^[\]]*)):(\d+)$/.exec(text);
  if (match === null) {
    if (isIP(text) === 6) throw invalid(raw, 'an IPv6 address goes in brackets');
    throw invalid(raw, 'expected a port after a colon');
  }
  const [, bracketed, plain, digits] = match;
  const port = Number(digits);
  if (!Number.isSafeInteger(port) || port > 65_535) throw invalid(raw, 'the port must be from 0 to 65535');
  if (bracketed !== undefined) {
    if (isIP(bracketed) !== 6) throw invalid(raw, `"${bracketed}" is not an IPv6 address`);
    return { host: bracketed, port };
  }
  const host = plain ?? '';
  if (host.includes(':')) throw invalid(raw, 'an IPv6 address goes in brackets');
  if (host !== '' && !/^[A-Za-z0-9.-]+$/.test(host))
    throw invalid(raw, `"${host}" is not a host name or address`);
  return { host: host === '' ? undefined : host, port };
}

/** `host:port` for messages and URLs, IPv6 in brackets. */
export function formatHostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
