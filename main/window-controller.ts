import type { BrowserWindow } from 'electron';
import { pushChannelNames } from './ipc/channel-names';
import type { NavigateTarget, PushPayloads } from './ipc/contract';

/** How many notifications wait for a loading page; older ones are dropped first. */
export const MAX_QUEUED_NOTIFICATIONS = 20;

export interface WindowControllerOptions {
  /** Creates the (hidden) window; called again after the window was destroyed. */
  create: () => BrowserWindow;
  /** Called when the window is shown or hidden (macOS hides the Dock icon with it). */
  onVisibilityChange?: (visible: boolean) => void;
  log?: (line: string) => void;
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

/** What waits for the page: a newer snapshot or navigation replaces the older one. */
interface PendingPushes {
  snapshot: PushPayloads['snapshot'] | null;
  notifications: PushPayloads['notification'][];
  navigate: PushPayloads['navigate'] | null;
}

function noPendingPushes(): PendingPushes {
  return { snapshot: null, notifications: [], navigate: null };
}

/**
 * Owns the one app window: created on demand, kept while hidden, and recreated if it was
 * destroyed. Pushes made while the page is still loading wait for it, so a notification that
 * created a hidden window is not lost. What waits is bounded (the latest snapshot and
 * navigation, the last few notifications), since a page that never loads would otherwise
 * collect every poll's snapshot; a failed load drops it.
 */
export function createWindowController(options: WindowControllerOptions): WindowController {
  let window: BrowserWindow | null = null;
  let loaded = false;
  let pending = noPendingPushes();

  function flush(target: BrowserWindow): void {
    const queued = pending;
    pending = noPendingPushes();
    if (target.isDestroyed()) return;
    if (queued.snapshot !== null) target.webContents.send(pushChannelNames.snapshot, queued.snapshot);
    for (const notification of queued.notifications) {
      target.webContents.send(pushChannelNames.notification, notification);
    }
    if (queued.navigate !== null) target.webContents.send(pushChannelNames.navigate, queued.navigate);
  }

  function ensure(): BrowserWindow {
    if (window !== null && !window.isDestroyed()) return window;
    const created = options.create();
    window = created;
    loaded = false;
    pending = noPendingPushes();
    created.webContents.on('did-finish-load', () => {
      if (window !== created) return;
      loaded = true;
      flush(created);
    });
    created.webContents.on(
      'did-fail-load',
      (_event, errorCode: number, errorDescription: string, _url, isMainFrame: boolean) => {
        if (window !== created || !isMainFrame) return;
        pending = noPendingPushes();
        options.log?.(`window: the app page did not load (${errorCode} ${errorDescription})`);
      },
    );
    created.on('show', () => options.onVisibilityChange?.(true));
    created.on('hide', () => options.onVisibilityChange?.(false));
    created.on('closed', () => {
      if (window === created) window = null;
      options.onVisibilityChange?.(false);
    });
    return created;
  }

  function queue<P extends keyof PushPayloads>(event: P, payload: PushPayloads[P]): void {
    if (event === 'snapshot') pending.snapshot = payload as PushPayloads['snapshot'];
    else if (event === 'navigate') pending.navigate = payload as PushPayloads['navigate'];
    else {
      pending.notifications.push(payload as PushPayloads['notification']);
      if (pending.notifications.length > MAX_QUEUED_NOTIFICATIONS) pending.notifications.shift();
    }
  }

  function send<P extends keyof PushPayloads>(
    target: BrowserWindow,
    event: P,
    payload: PushPayloads[P],
  ): void {
    if (!loaded) queue(event, payload);
    else if (!target.isDestroyed()) target.webContents.send(pushChannelNames[event], payload);
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
