/**
 * The one IPC contract between the window and main. Every channel is declared here with its
 * name, the zod schema of its request and the type of its response; main validates each payload
 * (and its sender) against it before a handler runs, and the preload derives the renderer API
 * from it. The renderer may import only types from this file.
 *
 * The API secret is write-only: it goes in through profile add/update and no response carries it.
 * A webhook's secretKey never reaches the window: `revealSecret` shows it in main's own dialog and
 * `copySecret` puts it on the clipboard from main.
 */
import { z } from 'zod';
import type {
  ChannelView,
  MonitorEvent,
  MonitorSnapshot,
  AppNotification,
  ChannelHealth,
  ChannelHistory,
  HistoryPoint,
} from '../core/monitor';
import type { AppSettings, Profile } from '../core/accounts';
import type { ActivityAction, ActivityEntry, CauseLink, ChannelActivity } from '../core/activity';
import type { Diagnosis, Problem, ProblemCode, Severity, Step, StepName } from '../core/diagnosis';
import { EXTRA_CA_FILE_MAX_LENGTH } from '../core/accounts';
import type { ErrorInfo } from '../common/errors';
import { INTERVAL_LIMITS_SEC } from '../common/intervals';
import { NOTIFICATION_KINDS } from '../common/notification-kinds';

export type {
  ChannelView,
  MonitorEvent,
  MonitorSnapshot,
  AppNotification,
  ChannelHealth,
  ChannelHistory,
  HistoryPoint,
  AppSettings,
  ErrorInfo,
  Diagnosis,
  Problem,
  ProblemCode,
  Severity,
  Step,
  StepName,
  ActivityAction,
  ActivityEntry,
  CauseLink,
  ChannelActivity,
};

/** A profile as the window sees it: never its secret, only whether the keychain holds one. */
export type ProfileInfo = Profile & { hasSecret: boolean; isSandbox: boolean };

export interface ConnectionTestResult {
  subscriptions: number;
  /** Milliseconds between our clock and the server's `Date` header. */
  clockOffsetMs: number;
}

export interface AppInfo {
  version: string;
  platform: string;
  configDir: string;
  sandboxUrl: string | null;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

const id = z.string().min(1).max(200);
const isoTime = z.iso.datetime({ offset: true });
const httpUrl = z.string().min(1).max(2048);
const typeList = z.array(z.string().min(1).max(200)).max(200);
const intervalSec = z.number().int().min(INTERVAL_LIMITS_SEC.min).max(INTERVAL_LIMITS_SEC.max);

const profileFields = {
  name: z.string().trim().min(1).max(100),
  baseUrl: httpUrl,
  account: z.string().trim().min(1).max(200),
  apiKey: z.string().trim().min(1).max(500),
};

const empty = z.strictObject({});

/** Declares one invoke channel: its name, its request schema, and (as a phantom) its response type. */
function invoke<R>() {
  return <S extends z.ZodType>(name: `wt:${string}`, request: S) => ({
    name,
    request,
    response: undefined as unknown as R,
  });
}

export const contract = {
  listProfiles: invoke<ProfileInfo[]>()('wt:profiles:list', empty),
  addProfile: invoke<ProfileInfo>()(
    'wt:profiles:add',
    z.strictObject({
      ...profileFields,
      apiSecret: z.string().min(1).max(500),
      /** Test the credentials with one signed call before saving (default true). */
      verify: z.boolean().optional(),
    }),
  ),
  updateProfile: invoke<ProfileInfo>()(
    'wt:profiles:update',
    z.strictObject({
      id,
      name: profileFields.name.optional(),
      baseUrl: profileFields.baseUrl.optional(),
      account: profileFields.account.optional(),
      apiKey: profileFields.apiKey.optional(),
      apiSecret: z.string().min(1).max(500).optional(),
      /** Test changed credentials with one signed call before saving (default true). */
      verify: z.boolean().optional(),
    }),
  ),
  removeProfile: invoke<{ removed: string }>()('wt:profiles:remove', z.strictObject({ id })),
  testProfile: invoke<ConnectionTestResult>()('wt:profiles:test', z.strictObject({ id })),

  startSandboxDemo: invoke<ProfileInfo>()('wt:sandbox:start', empty),
  stopSandboxDemo: invoke<{ stopped: boolean }>()('wt:sandbox:stop', empty),

  listSubscriptions: invoke<ChannelView[]>()('wt:subs:list', z.strictObject({ profileId: id })),
  createSubscription: invoke<ChannelView>()(
    'wt:subs:create',
    z.strictObject({
      profileId: id,
      url: httpUrl,
      notificationEventTypes: typeList,
      notificationServiceTypes: typeList,
    }),
  ),
  changeSubscription: invoke<ChannelView>()(
    'wt:subs:change',
    z.strictObject({
      profileId: id,
      requestId: id,
      url: httpUrl.optional(),
      notificationEventTypes: typeList.optional(),
      notificationServiceTypes: typeList.optional(),
      enabled: z.boolean().optional(),
    }),
  ),
  deleteSubscription: invoke<{ deleted: string }>()(
    'wt:subs:delete',
    z.strictObject({ profileId: id, requestId: id }),
  ),
  regenerateKeys: invoke<ChannelView>()('wt:subs:regenerate-keys', z.strictObject({ profileId: id })),
  /** Main shows the secret in its own dialog; nothing secret comes back. */
  revealSecret: invoke<{ shown: true }>()(
    'wt:subs:reveal-secret',
    z.strictObject({ profileId: id, requestId: id }),
  ),
  copySecret: invoke<{ clearsAt: string }>()(
    'wt:subs:copy-secret',
    z.strictObject({ profileId: id, requestId: id }),
  ),

  getSnapshot: invoke<MonitorSnapshot>()('wt:monitor:snapshot', empty),
  checkNow: invoke<MonitorSnapshot>()('wt:monitor:check-now', z.strictObject({ profileId: id.optional() })),
  pauseMonitoring: invoke<MonitorSnapshot>()(
    'wt:monitor:pause',
    z.strictObject({ until: isoTime.nullable() }),
  ),
  resumeMonitoring: invoke<MonitorSnapshot>()('wt:monitor:resume', empty),
  snooze: invoke<AppSettings>()(
    'wt:monitor:snooze',
    z.strictObject({ profileId: id.optional(), requestId: id.optional(), until: isoTime.nullable() }),
  ),

  getSettings: invoke<AppSettings>()('wt:settings:get', empty),
  setSettings: invoke<AppSettings>()(
    'wt:settings:set',
    z.strictObject({
      normalIntervalSec: intervalSec.optional(),
      fastIntervalSec: intervalSec.optional(),
      notifications: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.boolean()).optional(),
      launchAtLogin: z.boolean().optional(),
      extraCaFile: z.string().max(EXTRA_CA_FILE_MAX_LENGTH).nullable().optional(),
    }),
  ),

  channelHistory: invoke<ChannelHistory>()(
    'wt:history:channel',
    z.strictObject({ profileId: id, requestId: id }),
  ),
  /**
   * A full diagnosis (DNS, TCP, TLS, an unsigned test POST) of one webhook, asked by the merchant.
   * Main looks the URL up itself: the window never names a host to connect to.
   */
  diagnose: invoke<Diagnosis>()('wt:diagnose:webhook', z.strictObject({ profileId: id, requestId: id })),
  /**
   * The app's own recent actions on one webhook (window and CLI), and while it fails the change that
   * most likely caused it. The log holds no secret, not even a key hint.
   */
  channelActivity: invoke<ChannelActivity>()(
    'wt:activity:channel',
    z.strictObject({ profileId: id, requestId: id }),
  ),
  eventLog: invoke<MonitorEvent[]>()(
    'wt:history:events',
    z.strictObject({ limit: z.number().int().min(1).max(500).optional() }),
  ),

  /**
   * Opens the Calypso dashboard of one account (a `.money` account has its own): the window names
   * the account of the webhook it is about, since accounts of both kinds may be listed.
   */
  openDashboard: invoke<{ opened: string }>()('wt:app:open-dashboard', z.strictObject({ profileId: id })),
  appInfo: invoke<AppInfo>()('wt:app:info', empty),
  /**
   * Shows and focuses the window (it may be hidden in the tray): a click on a desktop notification
   * calls it, since a page cannot show its own hidden window. `shown` is false where there is no
   * window to show (the browser harness).
   */
  showWindow: invoke<{ shown: boolean }>()('wt:app:show-window', empty),
} as const;

export type Contract = typeof contract;
export type ChannelKey = keyof Contract;
export type RequestOf<K extends ChannelKey> = z.input<Contract[K]['request']>;
export type ResponseOf<K extends ChannelKey> = Contract[K]['response'];

/** Events main pushes to the window. */
export const pushChannels = {
  snapshot: 'wt:push:snapshot',
  notification: 'wt:push:notification',
  navigate: 'wt:push:navigate',
  profilesChanged: 'wt:push:profiles-changed',
  settingsChanged: 'wt:push:settings-changed',
} as const;

export interface NavigateTarget {
  profileId: string;
  requestId: string | null;
}

export interface PushPayloads {
  snapshot: MonitorSnapshot;
  notification: AppNotification;
  navigate: NavigateTarget;
  /**
   * The accounts changed outside the window (the CLI edited settings.json, say): the window reads
   * them again with listProfiles. A bare signal, so nothing about an account rides on the push.
   */
  profilesChanged: null;
  /** The app settings changed outside the window: it reads them again with getSettings. */
  settingsChanged: null;
}

/** The object the preload exposes as `window.webhookTray`. */
export type WebhookTrayApi = {
  [K in ChannelKey]: (request: RequestOf<K>) => Promise<Result<ResponseOf<K>>>;
} & {
  on<P extends keyof PushPayloads>(event: P, listener: (payload: PushPayloads[P]) => void): () => void;
};
