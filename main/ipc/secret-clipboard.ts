import { toAppError } from '../common/errors';

const CLIPBOARD_CLEAR_MS = 30_000;

export interface SecretClipboardOptions {
  /**
   * Electron's clipboard is asynchronous; a harness may pass a synchronous one. `writeConcealed`,
   * when given, writes the secret marked for clipboard managers to leave out of their history.
   */
  clipboard: {
    readText(): Promise<string> | string;
    writeText(text: string): Promise<void> | void;
    writeConcealed?: (text: string) => Promise<void> | void;
  };
  /** How long a copied secret stays on the clipboard (default 30 s). */
  clearMs?: number | undefined;
  setTimeout?: ((callback: () => void, ms: number) => unknown) | undefined;
  clearTimeout?: ((handle: unknown) => void) | undefined;
  now: () => Date;
  log: (line: string) => void;
}

/** Copies webhook secrets to the clipboard for a short while. */
export interface SecretClipboard {
  /** Copies `secret`; resolves with when it will be cleared. */
  copy(secret: string): Promise<{ clearsAt: string }>;
  /**
   * Clears the clipboard now if it still holds a copied secret whose timed clear is pending
   * (the app quitting within the delay of a copy), and cancels those timers. Never rejects.
   */
  dispose(): Promise<void>;
}

/** A copied secret waiting for its timed clear. */
interface PendingClear {
  secret: string;
  handle: unknown;
}

/** Clears a copied secret after a delay, only if the clipboard still holds it. */
export function createSecretClipboard(options: SecretClipboardOptions): SecretClipboard {
  const { clipboard, now, log } = options;
  const setTimer = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms).unref());
  const clearTimer =
    options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const clearMs = options.clearMs ?? CLIPBOARD_CLEAR_MS;
  const pendingClears = new Set<PendingClear>();

  async function clearIfStill(secrets: string[]): Promise<void> {
    try {
      if (secrets.includes(await clipboard.readText())) await clipboard.writeText('');
    } catch (error) {
      log(`handlers: could not clear the clipboard: ${toAppError(error).message}`);
    }
  }

  return {
    async copy(secret) {
      if (clipboard.writeConcealed !== undefined) await clipboard.writeConcealed(secret);
      else await clipboard.writeText(secret);
      // Clear only if the clipboard still holds our secret: the merchant may have copied something else since.
      const pending: PendingClear = { secret, handle: undefined };
      pending.handle = setTimer(() => {
        pendingClears.delete(pending);
        void clearIfStill([secret]);
      }, clearMs);
      pendingClears.add(pending);
      return { clearsAt: new Date(now().getTime() + clearMs).toISOString() };
    },

    async dispose() {
      const pending = [...pendingClears];
      pendingClears.clear();
      for (const { handle } of pending) clearTimer(handle);
      if (pending.length > 0) await clearIfStill(pending.map((p) => p.secret));
    },
  };
}
