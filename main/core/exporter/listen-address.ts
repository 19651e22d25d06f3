import { isIP } from 'node:net';

/** Where the exporter listens; `host` undefined means every interface. */
export interface ListenAddress {
  host: string | undefined;
  port: number;
}

/** `host:port` for messages and URLs, IPv6 in brackets. */
export function formatHostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
