import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What a control request without the right token gets told. */
export const TOKEN_REFUSAL =
  'The sandbox control routes need its control token: send the header "Authorization: Bearer <token>" with the token the sandbox printed when it started';

/** Whether the peer is on this machine (the sandbox also binds 127.0.0.1 only). */
export function isLoopbackPeer(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** A fresh control token: 32 random bytes, URL-safe, so it fits a header and a shell line. */
export function createControlToken(): string {
  return randomBytes(32).toString('base64url');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function carriesToken(headers: IncomingHttpHeaders, token: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(headers.authorization ?? '');
  // Digests have one length, so the comparison leaks neither the token nor its length.
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * Why a request is refused before any route sees it, or null. A browser adds `Origin` to every
 * cross-site request it lets through, so any Origin means a web page (CSRF); a Host other than
 * the sandbox's own name and port means a name rebound to 127.0.0.1 (DNS rebinding).
 */
export function addressRefusal(headers: IncomingHttpHeaders, port: number): string | null {
  if (headers.origin !== undefined) {
    return 'The sandbox refuses requests from web pages (the request carries an Origin header)';
  }
  const host = (headers.host ?? '').toLowerCase();
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  // Clients leave out the port when it is the scheme's default.
  if (port === 80) own.push('127.0.0.1', 'localhost');
  if (!own.includes(host)) {
    return `The sandbox answers only requests addressed to 127.0.0.1:${port} or localhost:${port} (the Host header)`;
  }
  return null;
}
