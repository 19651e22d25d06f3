/**
 * A stand-in for the `electron` module, which cannot run here. It implements just the surface our
 * glue uses and records every call, so tests can assert what the glue asked Electron to do.
 * Wire it with: vi.mock('electron', () => import('./electron-stand-in')).
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

/** An Electron-style event: `preventDefault()` marks it handled. */
export class StandInEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export const record = {
  calls: [] as { what: string; args: unknown[] }[],
  windows: [] as StandInBrowserWindow[],
  trays: [] as StandInTray[],
  menus: [] as unknown[][],
  notifications: [] as { title: string; body: string }[],
  exposed: new Map<string, unknown>(),
  ipcHandlers: new Map<string, Listener>(),
  rendererListeners: new Map<string, Set<Listener>>(),
  clipboardText: '',
  singleInstanceLock: true,
  dialogResponse: 0,
  online: true,
};

function note(what: string, ...args: unknown[]): void {
  record.calls.push({ what, args });
}

export function callsOf(what: string): unknown[][] {
  return record.calls.filter((c) => c.what === what).map((c) => c.args);
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** A session's protocol registry: like Electron, handling a scheme twice throws. */
class StandInSessionProtocol {
  readonly handlers = new Map<string, ProtocolHandler>();
  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    note('session.protocol.handle', scheme);
    this.handlers.set(scheme, handler);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  /** Test helper: what Chromium does when the page requests a URL of a handled scheme. */
  request(url: string, init?: RequestInit): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.slice(0, -1));
    if (handler === undefined) return Promise.reject(new Error(`net::ERR_UNKNOWN_URL_SCHEME ${url}`));
    return Promise.resolve(handler(new Request(url, init)));
  }
}

/** Electron gives every window without a partition the same default session. */
let defaultSession: StandInSession;

class StandInSession {
  readonly protocol = new StandInSessionProtocol();
  permissionRequestHandler:
    ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string) => boolean) | null = null;
  setPermissionRequestHandler(handler: StandInSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: StandInSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

let nextId = 1;

class StandInWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly session = defaultSession;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: [string, unknown][] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  /** Test helper: what Chromium does when the page tries to navigate. */
  tryNavigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): StandInEvent {
    const e = new StandInEvent();
    this.emit(event, e, url);
    return e;
  }
  /** Test helper: the page finished loading. */
  finishLoad(): void {
    this.emit('did-finish-load');
  }
  /** Test helper: the page (or a subframe) failed to load. */
  failLoad(isMainFrame = true): void {
    this.emit('did-fail-load', new StandInEvent(), -6, 'ERR_FILE_NOT_FOUND', 'file:///missing', isMainFrame);
  }
}

export class StandInBrowserWindow extends EventEmitter {
  readonly webContents = new StandInWebContents();
  readonly options: Record<string, unknown>;
  visible = false;
  destroyed = false;
  minimized = false;
  focused = false;
  loaded: { url?: string; file?: string } = {};

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    record.windows.push(this);
    note('BrowserWindow.new', options);
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    return Promise.resolve();
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file };
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.emit('hide');
  }
  focus(): void {
    this.focused = true;
    note('BrowserWindow.focus');
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Like Electron: emits `close`; unless prevented, the window is destroyed and `closed` follows. */
  close(): void {
    const e = new StandInEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

export class StandInTray extends EventEmitter {
  image: unknown;
  tooltip = '';
  menu: unknown = null;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    record.trays.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

class StandInApp extends EventEmitter {
  isPackaged = false;
  readonly dock = {
    show: () => {
      note('dock.show');
      return Promise.resolve();
    },
    hide: () => note('dock.hide'),
  };
  private readyResolve: (() => void) | null = null;
  private readonly ready = new Promise<void>((resolve) => {
    this.readyResolve = resolve;
  });
  loginItem = { openAtLogin: false };

  requestSingleInstanceLock(): boolean {
    note('app.requestSingleInstanceLock');
    return record.singleInstanceLock;
  }
  private readied = false;
  isReady(): boolean {
    return this.readied;
  }
  whenReady(): Promise<void> {
    this.readied = true;
    note('app.whenReady');
    this.readyResolve?.();
    return this.ready;
  }
  quit(): void {
    note('app.quit');
  }
  exit(code = 0): void {
    note('app.exit', code);
  }
  setAppUserModelId(id: string): void {
    note('app.setAppUserModelId', id);
  }
  getVersion(): string {
    return '0.1.0';
  }
  getAppPath(): string {
    return process.cwd();
  }
  getPath(name: string): string {
    return name === 'exe' ? '/opt/Webhook Tray/webhook-tray' : `/tmp/stand-in/${name}`;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    note('app.setLoginItemSettings', settings);
    this.loginItem = { openAtLogin: settings.openAtLogin };
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return this.loginItem;
  }
}

export let app = new StandInApp();
defaultSession = new StandInSession();

export const protocol = {
  /** Like Electron: only before the app is ready, and only once. */
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    if (app.isReady())
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    if (callsOf('protocol.registerSchemesAsPrivileged').length > 0)
      throw new Error('protocol.registerSchemesAsPrivileged can be called only once');
    note('protocol.registerSchemesAsPrivileged', schemes);
  },
};
export const BrowserWindow = StandInBrowserWindow;
export const Tray = StandInTray;
export const powerMonitor = new EventEmitter();

export const ipcMain = {
  handle(channel: string, listener: Listener): void {
    if (record.ipcHandlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    record.ipcHandlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    record.ipcHandlers.delete(channel);
  },
};

export const shell = {
  openExternal(url: string): Promise<void> {
    note('shell.openExternal', url);
    return Promise.resolve();
  },
};

export const nativeImage = {
  createFromPath(path: string): { path: string } {
    return { path };
  },
};

export const Menu = {
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    record.menus.push(template);
    return { template };
  },
};

export const dialog = {
  /** Electron's two forms: (options) and (parent window, options); the call is noted as given. */
  showMessageBox(...args: unknown[]): Promise<{ response: number }> {
    note('dialog.showMessageBox', ...args);
    return Promise.resolve({ response: record.dialogResponse });
  },
};

/** Electron's ClipboardItem: the MIME types and payloads it was built with. */
export class ClipboardItem {
  constructor(readonly items: Record<string, unknown>) {}
  get types(): string[] {
    return Object.keys(this.items);
  }
}

export const clipboard = {
  /** One atomic write of every item's types, as Electron's `write()` commits them. */
  write: (items: ClipboardItem[]) => {
    note('clipboard.write', items);
    const text = items[0]?.items['text/plain'];
    record.clipboardText = typeof text === 'string' ? text : '';
    return Promise.resolve();
  },
  readText: () => Promise.resolve(record.clipboardText),
  writeText: (text: string) => {
    record.clipboardText = text;
    return Promise.resolve();
  },
};

export const net = { isOnline: () => record.online };

export class Notification {
  static isSupported(): boolean {
    return true;
  }
  constructor(private readonly options: { title: string; body: string }) {}
  show(): void {
    record.notifications.push(this.options);
  }
}

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    record.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoke(channel: string, payload: unknown): Promise<unknown> {
    note('ipcRenderer.invoke', channel, payload);
    return Promise.resolve({ ok: true, value: channel });
  },
  on(channel: string, listener: Listener): void {
    const set = record.rendererListeners.get(channel) ?? new Set();
    set.add(listener);
    record.rendererListeners.set(channel, set);
  },
  removeListener(channel: string, listener: Listener): void {
    record.rendererListeners.get(channel)?.delete(listener);
  },
};

/** Forgets everything recorded and gives a fresh `app` (call it in beforeEach). */
export function resetStandIn(): void {
  record.calls.length = 0;
  record.windows.length = 0;
  record.trays.length = 0;
  record.menus.length = 0;
  record.notifications.length = 0;
  record.exposed.clear();
  record.ipcHandlers.clear();
  record.rendererListeners.clear();
  record.clipboardText = '';
  record.singleInstanceLock = true;
  record.dialogResponse = 0;
  record.online = true;
  app = new StandInApp();
  defaultSession = new StandInSession();
  powerMonitor.removeAllListeners();
}
