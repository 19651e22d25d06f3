/**
 * The URL rule every surface applies before anything is sent: an absolute http(s) URL without user
 * info, and plain http only to this machine, since webhooks and API calls carry payment data.
 * Surfaces phrase the issue in their own terms (CLI flags, form fields).
 */

/** What is wrong with a URL; `host` names the host for `insecure-http`, never the whole URL. */
export type UrlIssue =
  | { code: 'not-absolute' }
  | { code: 'not-http'; protocol: string }
  | { code: 'has-credentials' }
  | { code: 'insecure-http'; host: string }
  | { code: 'has-query-or-fragment' };

export interface UrlPolicy {
  /** Accept plain http to any host (a receiver on a LAN test box). */
  allowInsecure?: boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * True for 127.0.0.0/8, `::1` in any spelling and the literal host `localhost`. Not `*.localhost`:
 * resolvers may send those names to DNS.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  const v4 = IPV4.exec(host);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255) && v4[1] === '127';
  return isIpv6Loopback(host);
}

function isIpv6Loopback(host: string): boolean {
  if (!/^[0-9a-f:]+$/.test(host) || host.split('::').length > 2) return false;
  const [head = '', tail] = host.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const count = left.length + right.length;
  if (tail === undefined ? count !== 8 : count > 7) return false;
  const all = [...left, ...right];
  if (all.some((group) => group.length === 0 || group.length > 4)) return false;
  const values = all.map((group) => parseInt(group, 16));
  return values.at(-1) === 1 && values.slice(0, -1).every((value) => value === 0);
}

/**
 * Whether an account's receivers may be checked on private, link-local or loopback addresses: only
 * when its API is on this computer (a loopback base URL, such as the sandbox), so that a list answer
 * cannot aim this computer at its own network.
 */
export function receiversMayBePrivate(baseUrl: string | null): boolean {
  if (baseUrl === null) return false;
  try {
    return isLoopbackHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/** The issue with `raw` as an http(s) URL, or null when it is acceptable. */
export function urlIssue(raw: string, policy: UrlPolicy = {}): UrlIssue | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: 'not-absolute' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { code: 'not-http', protocol: url.protocol };
  if (url.username !== '' || url.password !== '') return { code: 'has-credentials' };
  if (url.protocol === 'http:' && policy.allowInsecure !== true && !isLoopbackHost(url.hostname)) {
    return { code: 'insecure-http', host: url.host };
  }
  return null;
}

/** An API base URL also needs room for the API paths: a query or fragment would swallow them. */
export function baseUrlIssue(raw: string): UrlIssue | null {
  const issue = urlIssue(raw);
  if (issue) return issue;
  const url = new URL(raw);
  return url.search === '' && url.hash === '' ? null : { code: 'has-query-or-fragment' };
}
