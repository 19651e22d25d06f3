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
  /** `app://renderer/index.html` in production, the dev server URL in development. */
  rendererUrl: string;
}

/**
 * True only for the main frame of our own window showing our own page: the app:// origin of the
 * built page (scheme and host: Node gives custom schemes no `origin`), or the dev server's origin
 * in development. Nothing else, file: pages included, may call main.
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
  if (ours.protocol === 'app:') return from.host !== '' && from.host === ours.host;
  if (ours.protocol === 'http:' || ours.protocol === 'https:') return from.origin === ours.origin;
  return false;
}
