import { createProfileService, type ProfileService } from './accounts';
import type { AccountsEvent, AppSettings, Profile, SecretStore } from './accounts';
import { SETTINGS_FILE_NAME } from './accounts';
import { MonitorTargets } from './accounts';
import type { CalypsoClient, ClientOptions } from './api';
import { createCalypsoClient, processTrustSource } from './api';
import { configDir as defaultConfigDir } from './storage';
import { AppError, toAppError } from '../common/errors';
import { Emitter } from '../common/event';
import { receiversMayBePrivate } from '../common/url-rules';
import { DisposableStore, toDisposable } from '../common/lifecycle';
import { createMonitor, type Monitor, type MonitorOptions } from './monitor';
import { certificateTargets, createCertificateWatch, type CertificateWatchOptions } from './certificates';
import { unrefTimers } from './base';
import { HISTORY_FILE_NAME, openHistory, type History, type HistoryOptions } from './notifications';
import { latestOnly } from './base';
import { NotificationCentre } from './notifications';
import { openPolicyStore, POLICY_STATE_FILE_NAME, type PolicyStoreOptions } from './notifications';
import { sweepStaleTempFiles } from './storage';
import type { AppNotification, MonitorSnapshot, MonitorUpdate } from './monitor';
import { startSandbox } from './sandbox';
import {
  ACTIVITY_FILE_NAME,
  apiHostOf,
  openActivityLog,
  type ActivityLog,
  type ActivityLogOptions,
} from './activity';
import type { SandboxOptions } from './sandbox';
import { SANDBOX_PROFILE_ID, SandboxDemo } from './sandbox';

export interface AppServicesOptions {
  /** The config folder (settings.json, history); defaults to the same folder the CLI uses. */
  configDir?: string;
  /** Defaults to the OS keychain (keytar). */
  secrets?: SecretStore;
  /** Watch settings.json for changes made by the CLI while the app runs (the app: yes). */
  watchSettings?: boolean;
  /** Timers, clock and limits of the monitor; its intervals come from the app settings. */
  monitor?: Omit<MonitorOptions, 'targets' | 'normalIntervalMs' | 'fastIntervalMs'>;
  client?: ClientOptions;
  /** History limits and timers; the file lives in the config folder. */
  history?: Omit<HistoryOptions, 'dir'>;
  /** Timers of the notification policy's incident file (policy-state.json in the config folder). */
  policyState?: Omit<PolicyStoreOptions, 'dir'>;
  /** Limits and clock of the activity log (activity.json in the config folder). */
  activity?: Omit<ActivityLogOptions, 'dir'>;
  /** Timers, clock and check of the certificate watch (tests give a fake clock). */
  certificates?: Omit<CertificateWatchOptions, 'trust' | 'log'>;
  /** Options of the demo sandbox (tests shorten its thresholds). */
  sandbox?: Omit<SandboxOptions, 'seed'>;
  now?: () => Date;
  /**
   * Snapshots reach `onSnapshot` listeners (the tray, the window) at most this often: the first of
   * a burst at once, the latest when the interval ends (default 250 ms). Events and notifications
   * are never held back.
   */
  snapshotIntervalMs?: number;
  /** Receives log lines, each prefixed with its module name; they never carry secrets. */
  log?: (line: string) => void;
}

/** A profile the app knows: a stored one, or the in-memory sandbox demo. */
export interface KnownProfile {
  profile: Profile;
  isSandbox: boolean;
}

/**
 * The core of the desktop app, free of Electron: profiles and secrets, one API client per
 * profile, the monitor watching them, the notification policy, and the sandbox demo. main/index.ts
 * builds it once; the renderer's browser harness builds the same thing for its tests.
 */
export interface AppServices {
  readonly configDir: string;
  readonly profiles: ProfileService;
  readonly monitor: Monitor;
  /** Per-channel health series and the event log, persisted in the config folder. */
  readonly history: History;
  /** The app's own actions per webhook (keys regenerated, URL changed...), shared with the CLI. */
  readonly activity: ActivityLog;
  readonly sandboxDemo: SandboxDemo;
  /** Stored profiles, then the sandbox demo's if it runs. */
  knownProfiles(): KnownProfile[];
  /** A profile by id (the demo's included); a `not-found` error otherwise. */
  requireProfile(profileId: string): KnownProfile;
  /** The API client of a profile (shared with the monitor). */
  clientFor(profileId: string): CalypsoClient;
  /** Every snapshot the monitor produces. */
  onSnapshot(listener: (snapshot: MonitorSnapshot) => void): () => void;
  /** The notifications the policy selects from the monitor's events. */
  onNotification(listener: (notification: AppNotification) => void): () => void;
  /** Starts polling every profile. */
  start(): void;
  /**
   * Stops the monitor and the sandbox demo, writes the history and the policy's incidents, and
   * closes the settings file.
   */
  close(): Promise<void>;
}

/** Builds the app's core services. Nothing polls until `start()`. */
export async function createAppServices(options: AppServicesOptions = {}): Promise<AppServices> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const dir = options.configDir ?? defaultConfigDir();
  // A process killed mid-write leaves a temp file beside the file it was replacing.
  await sweepStaleTempFiles(dir, {
    names: [
      SETTINGS_FILE_NAME,
      options.history?.fileName ?? HISTORY_FILE_NAME,
      options.policyState?.fileName ?? POLICY_STATE_FILE_NAME,
      options.activity?.fileName ?? ACTIVITY_FILE_NAME,
    ],
    log,
  });
  const history = await openHistory({ log, ...options.history, dir });
  const activity = openActivityLog({ log, ...options.activity, dir });
  // Incidents already notified survive a restart, so an ongoing block is not announced again.
  const policyStore = await openPolicyStore({ log, ...options.policyState, dir });
  const profiles = createProfileService({
    dir,
    watch: options.watchSettings ?? false,
    ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
  });
  // conf reads and validates settings.json on every get: the app settings are kept here and
  // refreshed when they change (in this process or another), not read again on every poll.
  let appSettings = profiles.getAppSettings();
  // Each https receiver's certificate, checked at start and daily (a TLS handshake, never a request).
  const certificates = createCertificateWatch({
    now: () => now().getTime(),
    ...options.certificates,
    trust: processTrustSource,
    log,
  });
  const monitor = createMonitor({
    ...options.monitor,
    normalIntervalMs: appSettings.normalIntervalSec * 1000,
    fastIntervalMs: appSettings.fastIntervalSec * 1000,
    log,
    certificateExpiry: (profileId, requestId) => certificates.expiresAt(profileId, requestId),
  });
  // The monitor backs off on its own schedule; a client that also retried each list would stack
  // its waits on top (up to a minute per poll behind a Retry-After) and delay detection.
  const clientOptions: ClientOptions = { maxListRetries: 0, ...options.client };
  const targets = new MonitorTargets({ profiles, monitor, clientOptions });
  const timers = options.monitor?.timers ?? unrefTimers;
  const disposables = new DisposableStore();
  const centre = disposables.add(
    new NotificationCentre({
      snapshot: () => monitor.getSnapshot(),
      policyStore,
      history,
      settings: appSettings,
      now,
      timers,
      log,
      // Automatic checks stay off private networks, except for accounts whose receivers live here.
      connectionChecks: {
        allowPrivateAddresses: (profileId) => mayCheckPrivate(profileId),
        trust: processTrustSource,
      },
      // Entries the CLI made on environment credentials name the account, not the profile.
      activity: {
        entriesFor: (profileId, requestId) =>
          activity.entriesFor({ profileId, requestId, ...accountOf(profileId) }),
      },
    }),
  );

  const sandboxDemo = new SandboxDemo({
    startSandbox,
    sandboxOptions: { ...options.sandbox, log },
    now,
    onStarted: ({ profile, sandbox }) => {
      const client = createCalypsoClient({ baseUrl: sandbox.url, ...sandbox.credentials }, clientOptions);
      targets.addInMemory(profile, client);
      log(`app-services: sandbox demo started on ${sandbox.url}`);
    },
    onStopped: (profileId) => {
      targets.removeInMemory(profileId);
      log('app-services: sandbox demo stopped');
    },
  });

  function applyAppSettings(next: AppSettings): void {
    const intervalsChanged =
      next.normalIntervalSec !== appSettings.normalIntervalSec ||
      next.fastIntervalSec !== appSettings.fastIntervalSec;
    appSettings = next;
    if (intervalsChanged) {
      monitor.setIntervals({ normalMs: next.normalIntervalSec * 1000, fastMs: next.fastIntervalSec * 1000 });
    }
    centre.setSettings(next);
  }

  function onAccountsEvent(event: AccountsEvent): void {
    targets.handle(event);
    if (event.type === 'external-change') applyAppSettings(profiles.getAppSettings());
    else if (event.type === 'app-settings-changed') applyAppSettings(event.settings);
    else if (event.type === 'warning') log(`app-services: ${event.warning.message}`);
  }
  disposables.add(toDisposable(profiles.onEvent(onAccountsEvent)));

  const snapshots = disposables.add(
    new Emitter<MonitorSnapshot>({
      onListenerError: (error) =>
        log(`app-services: a snapshot listener failed: ${toAppError(error).message}`),
    }),
  );
  // A poll cycle over many profiles yields one snapshot per poll; the tray menu and the window need
  // only the latest of a burst (each one is the whole picture). The monitor builds a snapshot on
  // first read: here, at most every interval, not on every poll.
  const latestSnapshot = latestOnly<MonitorUpdate>(
    (update) => {
      snapshots.fire(update.snapshot);
      certificates.setTargets(certificateTargets(update.snapshot, mayCheckPrivate));
    },
    options.snapshotIntervalMs ?? 250,
    ...(options.monitor?.timers === undefined ? [] : [options.monitor.timers]),
  );
  disposables.add(toDisposable(() => latestSnapshot.close()));
  disposables.add(
    toDisposable(
      monitor.subscribe((update) => {
        latestSnapshot.push(update);
        centre.handleUpdate(update);
      }),
    ),
  );

  // Checks finish one receiver at a time: one snapshot per second at most, not one per receiver.
  const certificateRefresh = latestOnly<null>(() => monitor.refreshCertificates(), 1_000, timers);
  disposables.add(toDisposable(() => certificateRefresh.close()));
  disposables.add(toDisposable(certificates.onChange(() => certificateRefresh.push(null))));
  disposables.add(toDisposable(certificates.onEvent((event) => centre.handleEvents([event]))));
  disposables.add(toDisposable(() => certificates.dispose()));

  function knownProfiles(): KnownProfile[] {
    const known: KnownProfile[] = profiles.list().map((profile) => ({ profile, isSandbox: false }));
    const demo = sandboxDemo.current();
    if (demo !== null) known.push({ profile: demo.profile, isSandbox: true });
    return known;
  }

  function accountOf(profileId: string): { account: string; apiHost: string } {
    const profile = knownProfiles().find((k) => k.profile.id === profileId)?.profile;
    return { account: profile?.account ?? '', apiHost: apiHostOf(profile?.baseUrl ?? '') };
  }

  function mayCheckPrivate(profileId: string): boolean {
    const found = knownProfiles().find((k) => k.profile.id === profileId);
    if (found === undefined) return false;
    return found.isSandbox || receiversMayBePrivate(found.profile.baseUrl);
  }

  function requireProfile(profileId: string): KnownProfile {
    const found = knownProfiles().find((k) => k.profile.id === profileId);
    if (found === undefined) {
      throw new AppError(
        'not-found',
        `No account with id "${profileId}": it may have been removed. Reload the list.`,
      );
    }
    return found;
  }

  targets.sync();

  return {
    configDir: dir,
    profiles,
    monitor,
    history,
    activity,
    sandboxDemo,
    knownProfiles,
    requireProfile,
    clientFor(profileId) {
      if (profileId === SANDBOX_PROFILE_ID && sandboxDemo.current() === null) {
        throw new AppError(
          'not-found',
          'The sandbox demo is not running. Start it again from the first-run screen.',
        );
      }
      requireProfile(profileId);
      return targets.clientFor(profileId);
    },
    onSnapshot(listener) {
      const subscription = snapshots.event(listener);
      return () => subscription.dispose();
    },
    onNotification(listener) {
      const subscription = centre.onNotification(listener);
      return () => subscription.dispose();
    },
    start() {
      monitor.start();
    },
    async close() {
      disposables.dispose();
      monitor.stop();
      await sandboxDemo.stop();
      await history.close();
      await policyStore.close();
      profiles.close();
    },
  };
}
