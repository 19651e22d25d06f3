import { httpUrlProblem } from '../core/api/url-problems';
import { parseNewProfile, parseProfileChanges } from '../core/accounts/profile-input';
import type { Profile, ProfileChanges } from '../core/accounts/types';
import type { Credentials } from '../core/api/calypso-api';
import { createCalypsoClient } from '../core/api/calypso-client';
import type { AppServices, KnownProfile } from '../core/app-services';
import { toChannelView } from '../core/monitor/classify';
import { AppError, toAppError } from '../common/errors';
import { dashboardUrlFor } from '../common/external-links';
import type { ProfileInfo, Result } from './contract';
import type { Handlers } from './dispatch';
import { channelKey } from '../common/channel-key';

/** What only the desktop shell can do, injected so the handlers run anywhere (Electron, the browser harness). */
export interface ShellPorts {
  /** Electron's clipboard is asynchronous; a harness may pass a synchronous one. */
  clipboard: { readText(): Promise<string> | string; writeText(text: string): Promise<void> | void };
  /** Opens an allowlisted URL in the browser; resolves false when it refused. */
  openExternal(url: string): Promise<boolean>;
  loginItem: { set(enabled: boolean): Promise<void> };
  appVersion: string;
  /** Shows and focuses the app window; absent where there is none (the browser harness). */
  showWindow?: () => void;
  platform?: string;
  /** How long a copied secret stays on the clipboard (default 30 s). */
  clipboardClearMs?: number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  now?: () => Date;
  log?: (line: string) => void;
}

const CLIPBOARD_CLEAR_MS = 30_000;

/**
 * The furthest ahead a snooze may end. The window offers 1 and 8 hours; the cap leaves room for a
 * longer choice later while refusing what only a buggy or compromised renderer would send.
 */
const MAX_SNOOZE_MS = 30 * 24 * 3_600_000;

/** The credential fields stored in settings.json (the secret lives in the keychain). */
const STORED_CREDENTIAL_FIELDS = ['baseUrl', 'account', 'apiKey'] as const;

/**
 * A stored credential field as the profile service would normalise it. Profiles it wrote already
 * are; this covers a settings.json edited by hand. A value the rules now refuse stays as it is, so
 * an edit that leaves it untouched still counts as a change and is tested.
 */
function normalisedStored(field: (typeof STORED_CREDENTIAL_FIELDS)[number], value: string): string {
  try {
    return parseProfileChanges({ [field]: value })[field] ?? value;
  } catch {
    return value;
  }
}

/**
 * Whether an edit changes what signs the API calls. The window's form sends every field on each
 * save, so a field counts only when it differs from the stored one: `changes` comes from
 * parseProfileChanges, normalised as the profile service stores it (trimmed, base URL without
 * trailing slashes). A secret counts whenever one is given: the form sends it only when typed.
 */
function changesCredentials(current: Profile, changes: ProfileChanges): boolean {
  if (changes.apiSecret !== undefined) return true;
  return STORED_CREDENTIAL_FIELDS.some((field) => {
    const next = changes[field];
    return next !== undefined && next !== normalisedStored(field, current[field]);
  });
}

/** The profile id a snooze key (`profileId` or `profileId/requestId`) belongs to. */
function snoozeProfileId(key: string): string {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash);
}

/** The handlers, and what the shell must call as it quits. */
export type ShellHandlers = Handlers & {
  /**
   * Clears the clipboard now if it still holds a copied secret whose timed clear is pending
   * (the app quitting within 30 s of a copy), and cancels those timers. Never rejects.
   */
  dispose(): Promise<void>;
};

/** A copied secret waiting for its timed clear. */
interface PendingClear {
  secret: string;
  handle: unknown;
}

async function attempt<T>(work: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toAppError(error).toInfo() };
  }
}

/**
 * The IPC handlers as plain async functions, one per contract channel. They receive requests
 * already validated by `dispatch`, answer with a Result (never throw), refresh the snapshot after
 * every management action, and never put the API secret in a response: the only secret that
 * leaves is a webhook's secretKey, through revealSecret and copySecret.
 */
export function createHandlers(services: AppServices, ports: ShellPorts): ShellHandlers {
  const now = ports.now ?? (() => new Date());
  const setTimer = ports.setTimeout ?? ((callback, ms) => setTimeout(callback, ms).unref());
  const clearTimer =
    ports.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const clearMs = ports.clipboardClearMs ?? CLIPBOARD_CLEAR_MS;
  const log = ports.log ?? (() => undefined);

  async function profileInfo(known: KnownProfile): Promise<ProfileInfo> {
    let hasSecret = known.isSandbox;
    if (!known.isSandbox) {
      try {
        hasSecret = await services.profiles.hasSecret(known.profile.id);
      } catch {
        // An unavailable keychain is reported where a secret is needed (polls, test); the list still shows.
        hasSecret = false;
      }
    }
    return { ...known.profile, hasSecret, isSandbox: known.isSandbox };
  }

  /** Refreshes the profile's snapshot after a change; a failed poll shows in the snapshot, not here. */
  async function refresh(profileId: string): Promise<void> {
    try {
      await services.monitor.checkNow(profileId);
    } catch (error) {
      log(`handlers: refresh after change failed: ${toAppError(error).kind}`);
    }
  }

  /**
   * One signed list call with credentials that are not saved yet, so an account is stored only
   * once Calypso accepts it: a typo in the secret never leaves a broken account behind.
   */
  async function verifyCredentials(credentials: Credentials): Promise<void> {
    try {
      await createCalypsoClient(credentials, { maxListRetries: 0 }).list();
    } catch (error) {
      const appError = toAppError(error);
      throw new AppError(appError.kind, `${appError.message} Nothing was saved.`, {
        ...appError.toInfo(),
        cause: error,
      });
    }
  }

  /** The loopback-only rule for plain http, as the CLI applies it: a webhook carries payment data. */
  function assertWebhookUrl(url: string | undefined): void {
    if (url === undefined) return;
    const problem = httpUrlProblem(url);
    if (problem !== null) throw new AppError('validation', `The webhook URL ${problem}.`);
  }

  function assertEditable(id: string): void {
    if (services.requireProfile(id).isSandbox) {
      throw new AppError(
        'validation',
        'The sandbox demo account cannot be edited. Stop the demo to remove it.',
      );
    }
  }

  async function webhookSecret(profileId: string, requestId: string): Promise<string> {
    const channels = await services.clientFor(profileId).list();
    const channel = channels.find((c) => c.requestId === requestId);
    if (channel === undefined) {
      throw new AppError(
        'not-found',
        'This webhook no longer exists: it may have been deleted. Refresh the list.',
      );
    }
    if (channel.secretKey === '') {
      throw new AppError(
        'bad-response',
        'The API returned no secret for this webhook. Try regenerating its keys.',
      );
    }
    return channel.secretKey;
  }

  function isFuture(iso: string): boolean {
    const time = Date.parse(iso);
    return !Number.isNaN(time) && time > now().getTime();
  }

  function assertSnoozeEnd(until: string): void {
    const end = Date.parse(until);
    const at = now().getTime();
    if (Number.isNaN(end) || end <= at || end > at + MAX_SNOOZE_MS) {
      throw new AppError(
        'validation',
        'Choose when alerts come back: a time in the future, at most 30 days from now.',
      );
    }
  }

  /** Refuses a snooze for an account or webhook the app does not know: it would never be used. */
  function assertSnoozable(profileId: string, requestId: string | undefined): void {
    services.requireProfile(profileId);
    if (requestId === undefined) return;
    // The window offers a snooze only for a webhook it shows, and it shows the monitor's snapshot:
    // checking there needs no API call, so a snooze works while Calypso is unreachable.
    const known = services.monitor
      .getSnapshot()
      .profiles.find((p) => p.profileId === profileId)
      ?.channels.some((c) => c.requestId === requestId);
    if (known !== true) {
      throw new AppError(
        'not-found',
        "This webhook is not among the account's known webhooks: it may have been deleted. Refresh the list.",
      );
    }
  }

  /**
   * The snoozes worth keeping: still running, for an account that still exists. Each write drops
   * the rest, so settings.json does not grow with ended snoozes and removed accounts.
   */
  function liveSnoozes(snoozes: Record<string, string>): Record<string, string> {
    const profileIds = new Set(services.knownProfiles().map((k) => k.profile.id));
    return Object.fromEntries(
      Object.entries(snoozes).filter(
        ([key, until]) => isFuture(until) && profileIds.has(snoozeProfileId(key)),
      ),
    );
  }

  const pendingClears = new Set<PendingClear>();

  async function clearIfStill(secrets: string[]): Promise<void> {
    try {
      if (secrets.includes(await ports.clipboard.readText())) await ports.clipboard.writeText('');
    } catch (error) {
      log(`handlers: could not clear the clipboard: ${toAppError(error).message}`);
    }
  }

  return {
    listProfiles: () => attempt(() => Promise.all(services.knownProfiles().map(profileInfo))),

    addProfile: ({ verify, ...request }) =>
      attempt(async () => {
        const input = parseNewProfile(request);
        if (verify !== false) await verifyCredentials(input);
        const profile = await services.profiles.add(input);
        await refresh(profile.id);
        return profileInfo({ profile, isSandbox: false });
      }),

    updateProfile: ({ id, verify, ...request }) =>
      attempt(async () => {
        assertEditable(id);
        const changes = parseProfileChanges(request);
        const current = services.profiles.require(id);
        // A rename must not hinge on the API answering: only new credentials need the signed test.
        if (verify !== false && changesCredentials(current, changes)) {
          const apiSecret = changes.apiSecret ?? (await services.profiles.credentials(id)).apiSecret;
          await verifyCredentials({
            baseUrl: changes.baseUrl ?? current.baseUrl,
            account: changes.account ?? current.account,
            apiKey: changes.apiKey ?? current.apiKey,
            apiSecret,
          });
        }
        const profile = await services.profiles.update(id, changes);
        await refresh(profile.id);
        return profileInfo({ profile, isSandbox: false });
      }),

    removeProfile: ({ id }) =>
      attempt(async () => {
        if (services.requireProfile(id).isSandbox) await services.sandboxDemo.stop();
        else await services.profiles.remove(id);
        return { removed: id };
      }),

    testProfile: ({ id }) =>
      attempt(async () => {
        const client = services.clientFor(id);
        const channels = await client.list();
        return { subscriptions: channels.length, clockOffsetMs: client.clockOffsetMs() };
      }),

    startSandboxDemo: () =>
      attempt(async () => {
        const session = await services.sandboxDemo.start();
        await refresh(session.profile.id);
        return profileInfo({ profile: session.profile, isSandbox: true });
      }),

    stopSandboxDemo: () => attempt(async () => ({ stopped: await services.sandboxDemo.stop() })),

    listSubscriptions: ({ profileId }) =>
      attempt(async () => (await services.clientFor(profileId).list()).map(toChannelView)),

    createSubscription: ({ profileId, ...input }) =>
      attempt(async () => {
        assertWebhookUrl(input.url);
        const channel = await services.clientFor(profileId).create(input);
        await refresh(profileId);
        return toChannelView(channel);
      }),

    changeSubscription: ({ profileId, requestId, ...edit }) =>
      attempt(async () => {
        assertWebhookUrl(edit.url);
        const channel = await services.clientFor(profileId).change(requestId, edit);
        await refresh(profileId);
        return toChannelView(channel);
      }),

    deleteSubscription: ({ profileId, requestId }) =>
      attempt(async () => {
        await services.clientFor(profileId).delete(requestId);
        await refresh(profileId);
        return { deleted: requestId };
      }),

    regenerateKeys: ({ profileId }) =>
      attempt(async () => {
        const channel = await services.clientFor(profileId).regenerateKeys();
        await refresh(profileId);
        return toChannelView(channel);
      }),

    revealSecret: ({ profileId, requestId }) =>
      attempt(async () => ({ secretKey: await webhookSecret(profileId, requestId) })),

    copySecret: ({ profileId, requestId }) =>
      attempt(async () => {
        const secret = await webhookSecret(profileId, requestId);
        await ports.clipboard.writeText(secret);
        // Clear only if the clipboard still holds our secret: the merchant may have copied something else since.
        const pending: PendingClear = { secret, handle: undefined };
        pending.handle = setTimer(() => {
          pendingClears.delete(pending);
          void clearIfStill([secret]);
        }, clearMs);
        pendingClears.add(pending);
        return { clearsAt: new Date(now().getTime() + clearMs).toISOString() };
      }),

    getSnapshot: () => attempt(() => services.monitor.getSnapshot()),

    checkNow: ({ profileId }) => attempt(() => services.monitor.checkNow(profileId)),

    pauseMonitoring: ({ until }) =>
      attempt(() => {
        if (until !== null && Date.parse(until) <= now().getTime()) {
          throw new AppError('validation', 'Choose a pause end in the future.');
        }
        return services.monitor.pause(until === null ? null : new Date(until));
      }),

    resumeMonitoring: () => attempt(() => services.monitor.resume()),

    snooze: ({ profileId, requestId, until }) =>
      attempt(() => {
        if (profileId === undefined && requestId !== undefined) {
          throw new AppError('validation', 'To snooze one webhook, name its account too.');
        }
        // null clears a snooze; a time must be a real end, not one that writes a dead entry or
        // silences alerts for good.
        if (until !== null) assertSnoozeEnd(until);
        const settings = services.profiles.getAppSettings();
        const channelSnoozes = liveSnoozes(settings.channelSnoozes);
        if (profileId === undefined) {
          return services.profiles.setAppSettings({ snoozeAllUntil: until, channelSnoozes });
        }
        const key = requestId === undefined ? profileId : channelKey(profileId, requestId);
        // Clearing skips the account check: it only removes, and Settings lists (and offers to
        // clear) a removed account's snooze until a write prunes it.
        if (until === null) delete channelSnoozes[key];
        else {
          assertSnoozable(profileId, requestId);
          channelSnoozes[key] = until;
        }
        const expiredAll = settings.snoozeAllUntil !== null && !isFuture(settings.snoozeAllUntil);
        return services.profiles.setAppSettings({
          channelSnoozes,
          ...(expiredAll ? { snoozeAllUntil: null } : {}),
        });
      }),

    getSettings: () => attempt(() => services.profiles.getAppSettings()),

    setSettings: (patch) =>
      attempt(async () => {
        const current = services.profiles.getAppSettings();
        if (patch.launchAtLogin !== undefined && patch.launchAtLogin !== current.launchAtLogin) {
          await ports.loginItem.set(patch.launchAtLogin);
        }
        return services.profiles.setAppSettings(patch);
      }),

    channelHistory: ({ profileId, requestId }) =>
      attempt(() => services.history.channelHistory(profileId, requestId)),

    eventLog: ({ limit }) => attempt(() => services.history.events(limit ?? 100)),

    openDashboard: ({ profileId }) =>
      attempt(async () => {
        // The account's own dashboard: a .finance and a .money account may both be listed, and the
        // other one's dashboard does not show this account's webhooks. The sandbox demo's loopback
        // URL maps to the default dashboard.
        const url = dashboardUrlFor(services.requireProfile(profileId).profile.baseUrl);
        if (!(await ports.openExternal(url))) {
          throw new AppError(
            'rejected',
            'The dashboard link was refused. Open the Calypso dashboard in your browser.',
          );
        }
        return { opened: url };
      }),

    appInfo: () =>
      attempt(() => ({
        version: ports.appVersion,
        platform: ports.platform ?? process.platform,
        configDir: services.configDir,
        sandboxUrl: services.sandboxDemo.current()?.sandbox.url ?? null,
      })),

    showWindow: () =>
      attempt(() => {
        if (ports.showWindow === undefined) return { shown: false };
        ports.showWindow();
        return { shown: true };
      }),

    async dispose() {
      const pending = [...pendingClears];
      pendingClears.clear();
      for (const { handle } of pending) clearTimer(handle);
      if (pending.length > 0) await clearIfStill(pending.map((p) => p.secret));
    },
  };
}
