/**
 * A receiver URL as the `url` label carries it: scheme, host, port and path only. User info, query
 * and fragment are dropped because receivers often carry tokens there, and labels are stored and
 * shown by every Prometheus, Grafana and Alertmanager that sees them.
 */
export function metricUrl(raw: string): string {
  try {
    const url = new URL(raw);
    // `origin` is "null" for schemes without one: build the same parts by hand then.
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    // Not a URL to the parser: still cut what could hold a token (after "?" or "#", before "@").
    const beforeQuery = raw.split(/[?#]/, 1)[0] ?? '';
    return beforeQuery.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i, '$1');
  }
}
