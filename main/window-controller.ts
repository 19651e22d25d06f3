import type { BrowserWindow } from 'electron';
import { pushChannelNames } from './ipc/channel-names';
import type { NavigateTarget, PushPayloads } from './ipc/contract';

export interface WindowControllerOptions {
  /** Creates the (hidden) window; called again after the window was destroyed. */
  create: () => BrowserWindow;
  /** Called when the window is shown or hidden (macOS hides the Dock icon with it). */
  onVisibilityChange?: (visible: boolean) => void;
}

export interface WindowController {
  /** Shows and focuses the window, creating it if needed; with a target, opens that channel. */
  show(target?: NavigateTarget): void;
  /** Pushes an event to the renderer if the window exists; with `create`, makes a hidden one first. */
  push<P extends keyof PushPayloads>(
    event: P,
    payload: PushPayloads[P],
    options?: { create?: boolean },
  ): void;
  /** The current window, if any. */
  current(): BrowserWindow | null;
}

/**
 * Owns the one app window: created on demand, kept while hidden, and recreated if it was
 * destroyed. Pushes made while the page is still loading wait for it, so a notification that
 * created a hidden window is not lost.
 */
export function createWindowController(options: WindowControllerOptions): WindowController {
  let window: BrowserWindow | null = null;
  let loaded = false;
  let pending: (() => void)[] = [];

  function ensure(): BrowserWindow {
    if (window !== null && !window.isDestroyed()) return window;
    const created = options.create();
    window = created;
    loaded = false;
    pending = [];
    created.webContents.on('did-finish-load', () => {
      loaded = true;
      const queued = pending;
      pending = [];
      for (const send of queued) send();
    });
    created.on('show', () => options.onVisibilityChange?.(true));
    created.on('hide', () => options.onVisibilityChange?.(false));
    created.on('closed', () => {
      if (window === created) window = null;
      options.onVisibilityChange?.(false);
    });
    return created;
  }

  function send<P extends keyof PushPayloads>(
    target: BrowserWindow,
    event: P,
    payload: PushPayloads[P],
  ): void {
    const deliver = () => {
      if (!target.isDestroyed()) target.webContents.send(pushChannelNames[event], payload);
    };
    if (loaded) deliver();
    else pending.push(deliver);
  }

  return {
    show(target) {
      const current = ensure();
      if (current.isMinimized()) current.restore();
      current.show();
      current.focus();
      if (target !== undefined) send(current, 'navigate', target);
    },
    push(event, payload, pushOptions) {
      const exists = window !== null && !window.isDestroyed();
      if (!exists && pushOptions?.create !== true) return;
      send(ensure(), event, payload);
    },
    current() {
      return window !== null && !window.isDestroyed() ? window : null;
    },
  };
}
