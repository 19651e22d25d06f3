import { baseUrlIssue, urlIssue, type UrlIssue, type UrlPolicy } from '../../common/url-rules';

export type HttpUrlPolicy = UrlPolicy;

/** The issue as the end of a sentence that starts with the field's name ("--url ...", "The base URL ..."). */
function phrase(issue: UrlIssue): string {
  switch (issue.code) {
    case 'not-absolute':
      return 'is not an absolute URL; write it in full, e.g. https://example.com/path';
    case 'not-http':
      return 'must start with https:// (or http:// for a loopback host)';
    case 'has-credentials':
      return 'must not carry a user name or password';
    case 'insecure-http':
      return `uses plain http to ${issue.host}, which is allowed only for a loopback host (127.0.0.1, localhost, ::1); use https://`;
    case 'has-query-or-fragment':
      return 'must not carry a query (?...) or a fragment (#...): the API paths are added after it';
  }
}

/**
 * Why `raw` is not an acceptable absolute http(s) URL, or null when it is. The answer quotes at most
 * the host: a secret pasted into a URL field must not be echoed back.
 */
export function httpUrlProblem(raw: string, policy: HttpUrlPolicy = {}): string | null {
  const issue = urlIssue(raw, policy);
  return issue ? phrase(issue) : null;
}

/** Why `raw` cannot be an API base URL (the URL rule, and no query or fragment), or null when it can. */
export function baseUrlProblem(raw: string): string | null {
  const issue = baseUrlIssue(raw);
  return issue ? phrase(issue) : null;
}

/** Why the API paths cannot be added after `url` (a query or a fragment would swallow them), or null. */
export function apiPathsProblem(url: URL): string | null {
  return url.search === '' && url.hash === '' ? null : phrase({ code: 'has-query-or-fragment' });
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
