import { isIP } from 'node:net';

/** True for hosts that never leave this machine: plain http to them cannot be sniffed on a network. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

export interface HttpUrlPolicy {
  /** Accept plain http to a non-loopback host (a webhook receiver on a LAN test box...). */
  allowInsecure?: boolean;
}

/**
 * Why `raw` is not an acceptable absolute http(s) URL, or null when it is. Plain http is accepted only
 * for loopback hosts (the built-in sandbox, a local receiver) unless the policy allows it.
 * The answer quotes at most the host: a secret pasted into a URL field must not be echoed back.
 */
export function httpUrlProblem(raw: string, policy: HttpUrlPolicy = {}): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL; write it in full, e.g. https://example.com/path';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'must start with https:// (or http:// for a loopback host)';
  }
  if (url.username !== '' || url.password !== '') {
    return 'must not carry a user name or password';
  }
  if (url.protocol === 'http:' && policy.allowInsecure !== true && !isLoopbackHost(url.hostname)) {
    return `uses plain http to ${url.host}, which is allowed only for a loopback host (127.0.0.1, localhost, ::1); use https://`;
  }
  return null;
}

/**
 * Why `raw` cannot be an API base URL, or null when it can: an acceptable http(s) URL (httpUrlProblem)
 * without a query or fragment, since the API paths are added after it and would land inside them.
 */
export function baseUrlProblem(raw: string): string | null {
  return httpUrlProblem(raw) ?? apiPathsProblem(new URL(raw));
}

/** Why the API paths cannot be added after `url` (a query or a fragment would swallow them), or null. */
export function apiPathsProblem(url: URL): string | null {
  if (url.search === '' && url.hash === '') return null;
  return 'must not carry a query (?...) or a fragment (#...): the API paths are added after it';
}

/**
 * Characters Node refuses in a header value (it sends tab, visible ASCII and bytes 0x80-0xFF). An API
 * key copied with an invisible character (a zero-width space, a line break) would fail every request.
 */
const UNSENDABLE_IN_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

/** Whether `value` can be sent as an HTTP header value as it is. */
export function isSendableHeaderValue(value: string): boolean {
  return !UNSENDABLE_IN_HEADER.test(value);
}
