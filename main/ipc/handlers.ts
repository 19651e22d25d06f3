import { httpUrlProblem, processTrustSource } from '../core/api';
import {
  assertSecretForNewDestination,
  changesCredentials,
  credentialsAfter,
  verifyCredentials,
} from '../core/accounts';
import { parseNewProfile, parseProfileChanges } from '../core/accounts';
import { diagnoseUrl } from '../core/diagnosis';
import { planSnooze } from '../core/notifications';
import type { AppServices, KnownProfile } from '../core/app-services';
import { toChannelView } from '../core/monitor';
import { AppError, toAppError } from '../common/errors';
import { dashboardUrlFor } from '../common/external-links';
import {
  changeWebhookUrlDialog,
  confirmOrCancel,
  deleteWebhookDialog,
  regenerateKeysDialog,
  removeAccountDialog,
  revealSecretDialog,
  type ConfirmRequest,
  type SecretDialogRequest,
} from './confirmations';
import { beforeChange, beforeRegenerate, channelActivity } from './channel-activity';
import type { ChannelView, ProfileInfo, Result } from './contract';
import type { Handlers } from './dispatch';
import { createSecretClipboard, type SecretClipboardOptions } from './secret-clipboard';

/** What only the desktop shell can do, injected so the handlers run anywhere (Electron, the browser harness). */
export interface ShellPorts {
  /**
   * Electron's clipboard is asynchronous; a harness may pass a synchronous one. `writeConcealed`
   * writes text marked for clipboard managers to skip, where the OS has such a convention.
   */
  clipboard: SecretClipboardOptions['clipboard'];
  /**
   * A native confirmation dialog owned by main (parent: the window); resolves true only when the
   * merchant confirms. Deleting or re-URLing a webhook, regenerating keys and removing an account
   * run only after it.
   */
  confirm(request: ConfirmRequest): Promise<boolean>;
  /** Shows a webhook's secret in a main-owned dialog: the secret never goes to the renderer. */
  showSecret(request: SecretDialogRequest): Promise<void>;
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

/** The handlers, and what the shell must call as it quits. */
export type ShellHandlers = Handlers & {
  /**
   * Clears the clipboard now if it still holds a copied secret whose timed clear is pending
   * (the app quitting within 30 s of a copy), and cancels those timers. Never rejects.
   */
  dispose(): Promise<void>;
};

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
 * every management action, and never put a secret in a response: a webhook's secretKey goes only
 * to main's own dialog (revealSecret) or the clipboard (copySecret).
 */
export function createHandlers(services: AppServices, ports: ShellPorts): ShellHandlers {
  const now = ports.now ?? (() => new Date());
  const log = ports.log ?? (() => undefined);
  const secretClipboard = createSecretClipboard({
    clipboard: ports.clipboard,
    clearMs: ports.clipboardClearMs,
    setTimeout: ports.setTimeout,
    clearTimeout: ports.clearTimeout,
    now,
    log,
  });

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

  const gone = () =>
    new AppError('not-found', 'This webhook no longer exists: it may have been deleted. Refresh the list.');

  async function webhookSecret(
    profileId: string,
    requestId: string,
  ): Promise<{ url: string; secret: string }> {
    const channels = await services.clientFor(profileId).list();
    const channel = channels.find((c) => c.requestId === requestId);
    if (channel === undefined) throw gone();
    if (channel.secretKey === '') {
      throw new AppError(
        'bad-response',
        'The API returned no secret for this webhook. Try regenerating its keys.',
      );
    }
    return { url: channel.url, secret: channel.secretKey };
  }

  /** The webhook as the monitor last saw it, else as the API lists it now: the facts a dialog names. */
  async function knownChannel(profileId: string, requestId: string): Promise<Pick<ChannelView, 'url'>> {
    const seen = services.monitor
      .getSnapshot()
      .profiles.find((p) => p.profileId === profileId)
      ?.channels.find((c) => c.requestId === requestId);
    if (seen !== undefined) return seen;
    const listed = (await services.clientFor(profileId).list()).find((c) => c.requestId === requestId);
    if (listed === undefined) throw gone();
    return listed;
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
        // Before any test call: the stored secret never signs for a new host (the service refuses too).
        assertSecretForNewDestination(current, changes);
        // A rename must not hinge on the API answering: only new credentials need the signed test.
        if (verify !== false && changesCredentials(current, changes)) {
          const secret = async () => (await services.profiles.credentials(id)).apiSecret;
          await verifyCredentials(await credentialsAfter(current, changes, secret));
        }
        const profile = await services.profiles.update(id, changes);
        await refresh(profile.id);
        return profileInfo({ profile, isSandbox: false });
      }),

    removeProfile: ({ id }) =>
      attempt(async () => {
        const known = services.requireProfile(id);
        await confirmOrCancel(
          ports.confirm,
          removeAccountDialog(known.profile.name, known.isSandbox),
          'Cancelled: the account was not removed.',
        );
        if (known.isSandbox) await services.sandboxDemo.stop();
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
        if (edit.url !== undefined) {
          const { url } = await knownChannel(profileId, requestId);
          if (url !== edit.url) {
            await confirmOrCancel(
              ports.confirm,
              changeWebhookUrlDialog(url, edit.url),
              'Cancelled: the webhook was not changed.',
            );
          }
        }
        const recordChange = beforeChange(services, profileId, requestId, edit, now);
        const channel = await services.clientFor(profileId).change(requestId, edit);
        recordChange();
        await refresh(profileId);
        return toChannelView(channel);
      }),

    deleteSubscription: ({ profileId, requestId }) =>
      attempt(async () => {
        const { url } = await knownChannel(profileId, requestId);
        await confirmOrCancel(
          ports.confirm,
          deleteWebhookDialog(url),
          'Cancelled: the webhook was not deleted.',
        );
        await services.clientFor(profileId).delete(requestId);
        await refresh(profileId);
        return { deleted: requestId };
      }),

    regenerateKeys: ({ profileId }) =>
      attempt(async () => {
        const { name } = services.requireProfile(profileId).profile;
        await confirmOrCancel(
          ports.confirm,
          regenerateKeysDialog(name),
          'Cancelled: the keys were not regenerated.',
        );
        const recordRegenerate = beforeRegenerate(services, profileId, now);
        const channel = await services.clientFor(profileId).regenerateKeys();
        recordRegenerate();
        await refresh(profileId);
        return toChannelView(channel);
      }),

    revealSecret: ({ profileId, requestId }) =>
      attempt(async () => {
        const { url, secret } = await webhookSecret(profileId, requestId);
        await ports.showSecret(revealSecretDialog(url, secret));
        return { shown: true as const };
      }),

    copySecret: ({ profileId, requestId }) =>
      attempt(async () => {
        const { secret } = await webhookSecret(profileId, requestId);
        return secretClipboard.copy(secret);
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

    snooze: (request) =>
      attempt(() => {
        const settings = services.profiles.getAppSettings();
        const change = planSnooze(request, {
          settings,
          now: now(),
          profileIds: new Set(services.knownProfiles().map((k) => k.profile.id)),
          requireProfile: (profileId) => void services.requireProfile(profileId),
          hasChannel: (profileId, requestId) =>
            services.monitor
              .getSnapshot()
              .profiles.find((p) => p.profileId === profileId)
              ?.channels.some((c) => c.requestId === requestId) === true,
        });
        return services.profiles.setAppSettings(change);
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

    // The merchant asked: a receiver on this computer or the LAN is theirs to check.
    diagnose: ({ profileId, requestId }) =>
      attempt(async () => {
        const { url } = await knownChannel(profileId, requestId);
        // The API client's trust, extra CA file included: an unreadable one fails with its message.
        const ca = processTrustSource();
        return diagnoseUrl(url, {
          allowPrivateAddresses: true,
          ...(ca === undefined ? {} : { ca: [...ca] }),
        });
      }),

    channelActivity: ({ profileId, requestId }) =>
      attempt(() => channelActivity(services, profileId, requestId)),

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

    dispose: () => secretClipboard.dispose(),
  };
}
