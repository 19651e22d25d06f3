/** What main knows about the frame that sent an IPC call. */
export interface SenderInfo {
  /** The id of the sending webContents. */
  webContentsId: number;
  /** True when the call came from the top frame, not from an iframe. */
  isMainFrame: boolean;
  /** The URL of the sending frame. */
  url: string;
}

/** Where our renderer lives: the webContents of our window and the page it loaded. */
export interface TrustedRenderer {
  webContentsId: number;
  /** `file://.../out/renderer/index.html` in production, the dev server URL in development. */
  rendererUrl: string;
}

function withoutFragment(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * True only for the main frame of our own window showing our own page. A file: URL has no
 * meaningful origin, so there the whole path must match; for the dev server the origin must.
 */
export function isTrustedSender(sender: SenderInfo, trusted: TrustedRenderer | null): boolean {
  if (trusted === null || !sender.isMainFrame || sender.webContentsId !== trusted.webContentsId) {
    return false;
  }
  let from: URL;
  let ours: URL;
  try {
    from = new URL(sender.url);
    ours = new URL(trusted.rendererUrl);
  } catch {
    return false;
  }
  if (from.protocol !== ours.protocol) return false;
  if (ours.protocol === 'file:') return withoutFragment(from) === withoutFragment(ours);
  if (ours.protocol === 'http:' || ours.protocol === 'https:') return from.origin === ours.origin;
  return false;
}
