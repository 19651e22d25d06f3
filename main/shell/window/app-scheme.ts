import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative } from 'node:path';
import { CSP_HEADER_POLICY } from '../../common/content-security-policy';

// The app:// scheme in plain Node (no Electron): which file a request names, and the response.

export const APP_SCHEME = 'app';
/** The one host of the scheme: the built renderer folder. */
export const APP_HOST = 'renderer';
/** The page the window loads, and the URL the IPC sender check trusts. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The types of what the build writes to out/renderer; anything else is served as bytes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Headers every response of the scheme carries. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    // frame-ancestors works only as a header, so the header carries the whole policy.
    'content-security-policy': CSP_HEADER_POLICY,
    'x-content-type-options': 'nosniff',
  };
}

/**
 * The path inside the renderer folder an app:// URL names (`index.html` for the root), or null when
 * it names nothing there: another scheme or host, a port or user info, or a segment that is empty
 * or holds a slash, a backslash, a colon or a NUL once decoded (so `..%2f`, `..\`, `%2fetc` and
 * `C:` cannot climb out of the folder).
 */
export function rendererPathOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  // A standard scheme's root is '/'; Node, to which app: is not special, may leave it empty.
  const raw = parsed.pathname === '/' || parsed.pathname === '' ? '/index.html' : parsed.pathname;
  const segments: string[] = [];
  for (const encoded of raw.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    // The URL parser already removed dot segments (`%2e%2e` too): `..` survives only with a slash.
    if (segment === '' || /[/\\:\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments.join('/');
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * The real file `path` names inside `root`, or null when it is missing, not a regular file, or
 * (through a symlink) really lies outside `root`.
 */
export async function resolveRendererFile(root: string, path: string): Promise<string | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(join(root, path))]);
    if (!isInside(realRoot, realFile)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}

function refusal(status: number): Response {
  return new Response(null, { status, headers: { 'content-security-policy': CSP_HEADER_POLICY } });
}

/** Answers an app:// request with a file of `root`: 404 for anything else, 405 for a method other than GET. */
export function createAppRequestHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405);
    const path = rendererPathOf(request.url);
    const file = path === null ? null : await resolveRendererFile(root, path);
    if (file === null) return refusal(404);
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers: appResponseHeaders(file) });
  };
}
