import type { BrowserWindow } from 'electron';
import { pushChannelNames } from '../../common/ipc-channels';
import type { NavigateTarget, PushPayloads } from '../../ipc/contract';

/** How many notifications wait for a loading page; older ones are dropped first. */
export const MAX_QUEUED_NOTIFICATIONS = 20;

/**
 * How long to wait before reloading a page that crashed or failed to load: doubling from the
 * first delay up to the cap, so a page that dies at once does not reload in a hot loop, and back
 * to the first delay once the page has stayed loaded for `stableMs`.
 */
export const RELOAD_BACKOFF = { firstMs: 1_000, maxMs: 60_000, stableMs: 60_000 } as const;

/** Chromium's net::ERR_ABORTED: a navigation that was cancelled or superseded, not a failed one. */
const ERR_ABORTED = -3;

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

/**
 * What waits for the page: a newer snapshot or navigation replaces the older one, and a signal to
 * read the accounts or settings again is kept once however often it came.
 */
interface PendingPushes {
  snapshot: PushPayloads['snapshot'] | null;
  notifications: PushPayloads['notification'][];
  navigate: PushPayloads['navigate'] | null;
  profilesChanged: boolean;
  settingsChanged: boolean;
}

function noPendingPushes(): PendingPushes {
  return {
    snapshot: null,
    notifications: [],
    navigate: null,
    profilesChanged: false,
    settingsChanged: false,
  };
}

/**
 * Owns the one app window: created on demand, kept while hidden, and recreated if it was
 * destroyed. Pushes made while the page is still loading wait for it, so a notification that
 * created a hidden window is not lost. What waits is bounded (the latest snapshot and
 * navigation, the last few notifications, one of each re-read signal), since a page that never loads would otherwise
 * collect every poll's snapshot. The page shows the desktop alerts, so a renderer that crashed or
 * a page that failed to load is reloaded (with a backoff); pushes wait for the reload meanwhile.
 */
export function createWindowController(options: WindowControllerOptions): WindowController {
  let window: BrowserWindow | null = null;
  let loaded = false;
  let pending = noPendingPushes();
  /** A reload waiting out its backoff; while set, the page is known not to be ours and alive. */
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  let nextReloadDelayMs: number = RELOAD_BACKOFF.firstMs;
  /** When our page last finished loading, to tell a page that keeps dying from an occasional crash. */
  let loadedAt: number | null = null;

  function cancelReload(): void {
    if (reloadTimer !== null) clearTimeout(reloadTimer);
    reloadTimer = null;
  }

  /**
   * The page is gone (crashed renderer) or never came (failed load): pushes must wait again, and
   * the page is reloaded after the backoff. Pending pushes are kept: they are bounded, and the
   * alert that created a hidden window is the reason that window exists.
   */
  function recover(target: BrowserWindow, why: string): void {
    if (window !== target || target.isDestroyed()) return;
    loaded = false;
    // One failure can be reported twice (a renderer that dies while loading): one reload is enough.
    if (reloadTimer !== null) return;
    if (loadedAt !== null && Date.now() - loadedAt >= RELOAD_BACKOFF.stableMs) {
      nextReloadDelayMs = RELOAD_BACKOFF.firstMs;
    }
    loadedAt = null;
    const delayMs = nextReloadDelayMs;
    nextReloadDelayMs = Math.min(delayMs * 2, RELOAD_BACKOFF.maxMs);
    options.log?.(`window: ${why}; reloading it in ${delayMs / 1000} s`);
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      if (window !== target || target.isDestroyed()) return;
      // reload() retries the page's own URL (a failed load leaves it as the current entry) and
      // starts a new renderer after a crash, whether the page came from the dev server or app://.
      target.webContents.reload();
    }, delayMs);
  }

  function flush(target: BrowserWindow): void {
    const queued = pending;
    pending = noPendingPushes();
    if (target.isDestroyed()) return;
    if (queued.snapshot !== null) target.webContents.send(pushChannelNames.snapshot, queued.snapshot);
    for (const notification of queued.notifications) {
      target.webContents.send(pushChannelNames.notification, notification);
    }
    if (queued.navigate !== null) target.webContents.send(pushChannelNames.navigate, queued.navigate);
    // The page reads its lists as it starts, but a change can land between that read and the end
    // of the load: the signal makes it read them once more.
    if (queued.profilesChanged) target.webContents.send(pushChannelNames.profilesChanged, null);
    if (queued.settingsChanged) target.webContents.send(pushChannelNames.settingsChanged, null);
  }

  function ensure(): BrowserWindow {
    if (window !== null && !window.isDestroyed()) return window;
    const created = options.create();
    window = created;
    loaded = false;
    pending = noPendingPushes();
    cancelReload();
    nextReloadDelayMs = RELOAD_BACKOFF.firstMs;
    loadedAt = null;
    created.webContents.on('did-finish-load', () => {
      // While a reload waits, what finished is Electron's error page for the failed load (it
      // follows did-fail-load), not our page: pushes would go to a page that cannot take them.
      if (window !== created || reloadTimer !== null) return;
      loaded = true;
      loadedAt = Date.now();
      flush(created);
    });
    created.webContents.on(
      'did-fail-load',
      (_event, errorCode: number, errorDescription: string, _url, isMainFrame: boolean) => {
        // A subframe's failure leaves our page running; an aborted navigation was superseded
        // (by a reload, say) and the navigation that replaced it reports its own outcome.
        if (!isMainFrame || errorCode === ERR_ABORTED) return;
        recover(created, `the app page did not load (${errorCode} ${errorDescription})`);
      },
    );
    created.webContents.on('render-process-gone', (_event, details) => {
      // A clean exit is the renderer ending with the app (on quit), not a page to bring back.
      if (details.reason === 'clean-exit') return;
      recover(created, `the app page's renderer is gone (${details.reason}, exit code ${details.exitCode})`);
    });
    created.on('show', () => options.onVisibilityChange?.(true));
    created.on('hide', () => options.onVisibilityChange?.(false));
    created.on('closed', () => {
      if (window === created) {
        window = null;
        cancelReload();
      }
      options.onVisibilityChange?.(false);
    });
    return created;
  }

  function queue<P extends keyof PushPayloads>(event: P, payload: PushPayloads[P]): void {
    if (event === 'snapshot') pending.snapshot = payload as PushPayloads['snapshot'];
    else if (event === 'navigate') pending.navigate = payload as PushPayloads['navigate'];
    else if (event === 'profilesChanged') pending.profilesChanged = true;
    else if (event === 'settingsChanged') pending.settingsChanged = true;
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
