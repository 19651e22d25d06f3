/**
 * The window's Content Security Policy, written once: the built page's `<meta>` tag (put there by
 * electron.vite.config.ts), the `app://` handler's response header and the E2E static server's.
 * Nothing inline, nothing remote: the page needs only its own scripts, styles and images.
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
] as const;

/** Chromium ignores `frame-ancestors` in a `<meta>` tag (and logs an error): a response header only. */
const HEADER_ONLY_DIRECTIVES = ["frame-ancestors 'none'"] as const;

/** The policy for the page's `<meta http-equiv="Content-Security-Policy">`. */
export const CSP_META_POLICY: string = DIRECTIVES.join('; ');

/** The policy for the `Content-Security-Policy` response header of every file of the page. */
export const CSP_HEADER_POLICY: string = [...DIRECTIVES, ...HEADER_ONLY_DIRECTIVES].join('; ');

/** The placeholder renderer/index.html carries where the build writes {@link CSP_META_POLICY}. */
export const CSP_META_PLACEHOLDER = '__WT_CONTENT_SECURITY_POLICY__';
