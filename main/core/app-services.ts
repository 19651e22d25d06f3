import { createProfileService, type ProfileService } from './accounts/profile-service';
import type { AccountsEvent, AppSettings, Profile, SecretStore } from './accounts/types';
import { SETTINGS_FILE_NAME } from './accounts/settings-file';
import type { CalypsoClient, ClientOptions } from './api/calypso-client';
import { createCalypsoClient } from './api/calypso-client';
import { configDir as defaultConfigDir } from './storage/config-dir';
import { AppError, toAppError } from '../common/errors';
import { createMonitor, type Monitor, type MonitorOptions, type MonitorTarget } from './monitor';
import { MAX_TIMER_MS, unrefTimers } from './base/timers';
import { HISTORY_FILE_NAME, openHistory, type History, type HistoryOptions } from './notifications/history';
import { latestOnly } from './base/latest-only';
import { decideNotifications } from './notifications/policy';
import {
  openPolicyStore,
  POLICY_STATE_FILE_NAME,
  type PolicyStoreOptions,
} from './notifications/policy-store';
import { sweepStaleTempFiles } from './storage/stale-temp-files';
import type { AppNotification, MonitorSnapshot, MonitorUpdate } from './monitor/types';
import { startSandbox } from './sandbox';
import type { SandboxOptions } from './sandbox/types';
import { ProfileClients } from './accounts/profile-clients';
import { SANDBOX_PROFILE_ID, SandboxDemo } from './sandbox/sandbox-demo';

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

/** The earliest snooze (all, a profile, a channel) still running at `now`, in ms since the epoch; null if none. */
function nextSnoozeEnd(settings: AppSettings, now: Date): number | null {
  let earliest: number | null = null;
  for (const iso of [settings.snoozeAllUntil, ...Object.values(settings.channelSnoozes)]) {
    if (iso === null) continue;
    const time = Date.parse(iso);
    if (Number.isNaN(time) || time <= now.getTime()) continue;
    if (earliest === null || time < earliest) earliest = time;
  }
  return earliest;
}

// The secret lives in the keychain, out of sight: createdAt and updatedAt change whenever it may have
// (a CLI remove + add, or an update), so a client built on an old secret is not kept.
function credentialFingerprint(profile: Profile): string {
  return JSON.stringify([
    profile.baseUrl,
    profile.account,
    profile.apiKey,
    profile.createdAt,
    profile.updatedAt,
  ]);
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
    ],
    log,
  });
  const history = await openHistory({ log, ...options.history, dir });
  // Incidents already notified survive a restart, so an ongoing block is not announced again.
  const policyStore = await openPolicyStore({ log, ...options.policyState, dir });
  const profileOptions: Parameters<typeof createProfileService>[0] = {
    dir,
    watch: options.watchSettings ?? false,
  };
  if (options.secrets !== undefined) profileOptions.secrets = options.secrets;
  const profiles = createProfileService(profileOptions);
  // The monitor backs off on its own schedule; a client that also retried each list would stack
  // its waits on top (up to a minute per poll behind a Retry-After) and delay detection.
  const clientOptions: ClientOptions = { maxListRetries: 0, ...options.client };
  const clients = new ProfileClients((id) => profiles.credentials(id), clientOptions);
  // conf reads and validates settings.json on every get: the app settings are kept here and
  // refreshed when they change (in this process or another), not read again on every poll.
  let appSettings = profiles.getAppSettings();
  const monitor = createMonitor({
    ...options.monitor,
    normalIntervalMs: appSettings.normalIntervalSec * 1000,
    fastIntervalMs: appSettings.fastIntervalSec * 1000,
    log,
  });

  function applyAppSettings(next: AppSettings): void {
    const intervalsChanged =
      next.normalIntervalSec !== appSettings.normalIntervalSec ||
      next.fastIntervalSec !== appSettings.fastIntervalSec;
    appSettings = next;
    if (intervalsChanged) {
      monitor.setIntervals({ normalMs: next.normalIntervalSec * 1000, fastMs: next.fastIntervalSec * 1000 });
    }
    // A snooze ended or shortened, or a kind turned back on: what was held back is due now.
    recheckHeldBack();
    scheduleSnoozeEnd();
  }
  const fingerprints = new Map<string, string>();
  const timers = options.monitor?.timers ?? unrefTimers;
  /** The timer set for the end of the earliest running snooze, if any. */
  let snoozeTimer: unknown = null;
  let closed = false;

  const sandboxDemo = new SandboxDemo({
    startSandbox,
    sandboxOptions: { ...options.sandbox, log },
    now,
    onStarted: ({ profile, sandbox }) => {
      clients.put(
        profile.id,
        createCalypsoClient({ baseUrl: sandbox.url, ...sandbox.credentials }, clientOptions),
      );
      monitor.upsertTarget({
        profileId: profile.id,
        profileName: profile.name,
        client: clients.get(profile.id),
      });
      log(`app-services: sandbox demo started on ${sandbox.url}`);
    },
    onStopped: (profileId) => {
      monitor.removeTarget(profileId);
      clients.invalidate(profileId);
      log('app-services: sandbox demo stopped');
    },
  });

  function targetOf(profile: Profile): MonitorTarget {
    const fingerprint = credentialFingerprint(profile);
    if (fingerprints.get(profile.id) !== fingerprint) {
      clients.invalidate(profile.id);
      fingerprints.set(profile.id, fingerprint);
    }
    return { profileId: profile.id, profileName: profile.name, client: clients.get(profile.id) };
  }

  /** Makes the monitor's targets match the stored profiles (plus the demo, if it runs). */
  function syncTargets(): void {
    const stored = profiles.list();
    const targets = stored.map(targetOf);
    const demo = sandboxDemo.current();
    if (demo !== null) {
      targets.push({
        profileId: demo.profile.id,
        profileName: demo.profile.name,
        client: clients.get(demo.profile.id),
      });
    }
    const ids = new Set(targets.map((t) => t.profileId));
    for (const id of fingerprints.keys()) {
      if (!ids.has(id)) {
        fingerprints.delete(id);
        clients.invalidate(id);
      }
    }
    monitor.updateTargets(targets);
  }

  function onAccountsEvent(event: AccountsEvent): void {
    switch (event.type) {
      case 'profile-updated':
        // A new secret is not visible in the fingerprint: drop the client so it reads the keychain again.
        if (event.secretChanged) fingerprints.delete(event.profile.id);
        syncTargets();
        return;
      case 'profile-added':
      case 'profile-removed':
        syncTargets();
        return;
      case 'external-change':
        syncTargets();
        applyAppSettings(profiles.getAppSettings());
        return;
      case 'app-settings-changed':
        applyAppSettings(event.settings);
        return;
      case 'warning':
        log(`app-services: ${event.warning.message}`);
        return;
    }
  }
  const stopAccounts = profiles.onEvent(onAccountsEvent);

  const snapshotListeners = new Set<(snapshot: MonitorSnapshot) => void>();
  const notificationListeners = new Set<(notification: AppNotification) => void>();

  // A poll cycle over many profiles yields one snapshot per poll; the tray menu and the window need
  // only the latest of a burst (each one is the whole picture).
  const snapshots = latestOnly<MonitorUpdate>(
    (update) => {
      // Built here, at most every 250 ms, not on every poll: the monitor makes it on first read.
      const snapshot = update.snapshot;
      for (const listener of snapshotListeners) {
        try {
          listener(snapshot);
        } catch (error) {
          log(`app-services: a snapshot listener failed: ${toAppError(error).message}`);
        }
      }
    },
    options.snapshotIntervalMs ?? 250,
    ...(options.monitor?.timers === undefined ? [] : [options.monitor.timers]),
  );

  function notify(notifications: readonly AppNotification[]): void {
    for (const notification of notifications) {
      for (const listener of notificationListeners) listener(notification);
    }
  }

  /**
   * Runs the policy, without events, over every profile of the current snapshot. The policy sends
   * a notification held back by a snooze or a kind turned off (an ongoing block, refused
   * credentials, an unreachable API) when it sees its profile again, but a profile may not be
   * polled again for long: after an auth failure the monitor stops polling it until its
   * credentials change. What is still true is sent once; the incidents remember what was sent.
   */
  function recheckHeldBack(): void {
    if (closed) return;
    const decision = decideNotifications({
      events: [],
      profiles: monitor.getSnapshot().profiles,
      state: policyStore.current(),
      settings: appSettings,
      now: now(),
    });
    policyStore.save(decision.nextState);
    notify(decision.notifications);
  }

  /** A timer for the end of the earliest running snooze, replacing any earlier one. */
  function scheduleSnoozeEnd(): void {
    if (snoozeTimer !== null) timers.clearTimeout(snoozeTimer);
    snoozeTimer = null;
    if (closed) return;
    const at = nextSnoozeEnd(appSettings, now());
    if (at === null) return;
    snoozeTimer = timers.setTimeout(
      () => {
        snoozeTimer = null;
        recheckHeldBack();
        // The next snooze to end, or the rest of a wait longer than one timer allows.
        scheduleSnoozeEnd();
      },
      Math.min(at - now().getTime(), MAX_TIMER_MS),
    );
  }

  function onUpdate(update: MonitorUpdate): void {
    // A poll changes one profile: the policy and the history look at that one only, so a poll costs
    // the same with 1 or 1,000 profiles; updates about the set of profiles (added, removed, paused)
    // show them all.
    const partial = update.profile !== null;
    const profiles = update.profile !== null ? [update.profile] : update.snapshot.profiles;
    const decision = decideNotifications({
      events: update.events,
      profiles,
      partial,
      state: policyStore.current(),
      settings: appSettings,
      now: now(),
    });
    policyStore.save(decision.nextState);
    history.record({ profiles }, update.events, { partial });
    snapshots.push(update);
    notify(decision.notifications);
  }
  const stopMonitor = monitor.subscribe(onUpdate);

  function knownProfiles(): KnownProfile[] {
    const known: KnownProfile[] = profiles.list().map((profile) => ({ profile, isSandbox: false }));
    const demo = sandboxDemo.current();
    if (demo !== null) known.push({ profile: demo.profile, isSandbox: true });
    return known;
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

  syncTargets();
  scheduleSnoozeEnd();

  return {
    configDir: dir,
    profiles,
    monitor,
    history,
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
      return clients.get(profileId);
    },
    onSnapshot(listener) {
      snapshotListeners.add(listener);
      return () => snapshotListeners.delete(listener);
    },
    onNotification(listener) {
      notificationListeners.add(listener);
      return () => notificationListeners.delete(listener);
    },
    start() {
      monitor.start();
    },
    async close() {
      closed = true;
      scheduleSnoozeEnd();
      stopMonitor();
      snapshots.close();
      stopAccounts();
      monitor.stop();
      await sandboxDemo.stop();
      await history.close();
      await policyStore.close();
      profiles.close();
    },
  };
}
