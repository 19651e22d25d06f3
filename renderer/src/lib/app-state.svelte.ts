import { channelKey } from '../../../main/common/channel-key';
import type {
  AppInfo,
  AppNotification,
  AppSettings,
  ChannelView,
  ErrorInfo,
  HistoryPoint,
  MonitorSnapshot,
  NavigateTarget,
  ProfileInfo,
  WebhookTrayApi,
} from '../../../main/ipc/contract';
import type { ProfileSnapshot } from './derived-types';
import { showNotification } from './desktop-notification';
import type { View } from './view';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The window's shared state: what main told us last, and where the merchant is. */
export class AppState {
  // Raw, not deep: a snapshot is only ever replaced whole, and a deep proxy over 500 channels cost a
  // signal per property read on the dashboard's first render.
  snapshot = $state.raw<MonitorSnapshot | null>(null);
  profiles = $state<ProfileInfo[]>([]);
  settings = $state<AppSettings | null>(null);
  info = $state<AppInfo | null>(null);
  view = $state<View>({ name: 'loading' });
  loadError = $state<ErrorInfo | null>(null);
  /** Ticks so relative times ("2 minutes ago") stay true while the window is open. */
  now = $state(Date.now());
  /** 24 h errorCount series per channel, keyed by `channelKey`, loaded on first view. */
  history = $state<Record<string, HistoryPoint[]>>({});
  /** Why a channel's history could not be loaded, by the same key. */
  historyErrors = $state<Record<string, ErrorInfo>>({});
  /**
   * The result of an action whose screen went away (a deleted webhook, a removed account): shown
   * where the merchant lands, in a polite live region, until the next screen change.
   */
  notice = $state<string | null>(null);

  readonly api: WebhookTrayApi;
  // Bookkeeping only, nothing renders from it: a reactive set would add cost for no update.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #historyRequested = new Set<string>();
  /**
   * Numbers the reads of the account list and of the settings. A signal from main can start a read
   * while another is answering, and the later read has the newer data: an earlier read that
   * answers last must not put the older list back.
   */
  #profilesRead = 0;
  #profilesShown = 0;
  #settingsRead = 0;
  #settingsShown = 0;

  constructor(api: WebhookTrayApi) {
    this.api = api;
  }

  /** Loads everything the first screen needs and subscribes to main's pushes. */
  async start(): Promise<void> {
    this.api.on('snapshot', (snapshot) => this.applySnapshot(snapshot));
    this.api.on('notification', (notification) => void this.notify(notification));
    this.api.on('navigate', (target) => this.openTarget(target));
    // Main signals a change made outside this window (the CLI editing settings.json while the app
    // runs): without these, the window would offer Test and Edit on accounts that are gone.
    this.api.on('profilesChanged', () => void this.#onOutsideChange(() => this.refreshProfiles()));
    this.api.on('settingsChanged', () => void this.#onOutsideChange(() => this.refreshSettings()));
    setInterval(() => (this.now = Date.now()), 15_000);
    await this.retryStart();
  }

  /**
   * Loads the start-up data and leaves the loading screen. Without the account list the app cannot
   * tell a first run from a broken keychain or settings file, so it stays on the loading screen with
   * the error (and a Retry) rather than sending the merchant to onboarding.
   */
  async retryStart(): Promise<void> {
    const profilesLoaded = await this.reload();
    if (this.view.name === 'loading' && profilesLoaded) {
      this.view = this.profiles.length === 0 ? { name: 'onboarding' } : { name: 'dashboard' };
    }
  }

  /** Reloads everything; resolves whether the account list loaded. */
  async reload(): Promise<boolean> {
    const profilesRead = ++this.#profilesRead;
    const settingsRead = ++this.#settingsRead;
    const [profiles, snapshot, settings, info] = await Promise.all([
      this.api.listProfiles({}),
      this.api.getSnapshot({}),
      this.api.getSettings({}),
      this.api.appInfo({}),
    ]);
    const failed = [profiles, snapshot, settings, info].find((r) => !r.ok);
    this.loadError = failed && !failed.ok ? failed.error : null;
    if (profiles.ok) this.#showProfiles(profilesRead, profiles.value);
    if (snapshot.ok) this.applySnapshot(snapshot.value);
    if (settings.ok) this.#showSettings(settingsRead, settings.value);
    if (info.ok) this.info = info.value;
    return profiles.ok;
  }

  /** Re-reads the account list after a change; a failure shows in the window's error line. */
  async refreshProfiles(): Promise<void> {
    const read = ++this.#profilesRead;
    const profiles = await this.api.listProfiles({});
    if (profiles.ok) this.#showProfiles(read, profiles.value);
    this.loadError = profiles.ok ? null : profiles.error;
  }

  /** Re-reads the app settings after a change; a failure shows in the window's error line. */
  async refreshSettings(): Promise<void> {
    const read = ++this.#settingsRead;
    const settings = await this.api.getSettings({});
    if (settings.ok) this.#showSettings(read, settings.value);
    this.loadError = settings.ok ? null : settings.error;
  }

  #showProfiles(read: number, profiles: ProfileInfo[]): void {
    if (read < this.#profilesShown) return;
    this.#profilesShown = read;
    this.profiles = profiles;
  }

  #showSettings(read: number, settings: AppSettings): void {
    if (read < this.#settingsShown) return;
    this.#settingsShown = read;
    this.settings = settings;
  }

  /**
   * Re-reads what main signalled. On the loading screen the start-up read is running or has failed
   * (it shows Try again): a partial re-read there would clear that error and leave the spinner, so
   * the whole start-up runs again, and it picks the first screen once the accounts load.
   */
  async #onOutsideChange(reread: () => Promise<void>): Promise<void> {
    if (this.view.name === 'loading') await this.retryStart();
    else await reread();
  }

  /** Re-reads the monitor's snapshot after a change; a failure shows in the window's error line. */
  async refreshSnapshot(): Promise<void> {
    const snapshot = await this.api.getSnapshot({});
    if (snapshot.ok) this.applySnapshot(snapshot.value);
    this.loadError = snapshot.ok ? null : snapshot.error;
  }

  /** Shows the result of an action whose own screen is gone; see `notice`. */
  announce(message: string): void {
    this.notice = message;
  }

  applySnapshot(snapshot: MonitorSnapshot): void {
    if (this.snapshot && Date.parse(snapshot.takenAt) < Date.parse(this.snapshot.takenAt)) return;
    this.snapshot = snapshot;
    this.now = Date.now();
    this.#extendHistory(snapshot);
  }

  navigate(view: View): void {
    this.notice = null;
    this.view = view;
  }

  openTarget(target: NavigateTarget): void {
    this.notice = null;
    this.view =
      target.requestId === null
        ? { name: 'dashboard' }
        : { name: 'channel', profileId: target.profileId, requestId: target.requestId };
  }

  profileSnapshot(profileId: string): ProfileSnapshot | undefined {
    return this.snapshot?.profiles.find((p) => p.profileId === profileId);
  }

  profile(profileId: string): ProfileInfo | undefined {
    return this.profiles.find((p) => p.id === profileId);
  }

  channel(profileId: string, requestId: string): ChannelView | undefined {
    return this.profileSnapshot(profileId)?.channels.find((c) => c.requestId === requestId);
  }

  /** The channel's last 24 h of errorCount; fetched from main once, then extended by each snapshot. */
  historyOf(profileId: string, requestId: string): HistoryPoint[] {
    const key = channelKey(profileId, requestId);
    if (!this.#historyRequested.has(key)) {
      this.#historyRequested.add(key);
      void this.#loadHistory(profileId, requestId);
    }
    return this.history[key] ?? [];
  }

  /** Why the channel's history could not be loaded, or null. */
  historyErrorOf(profileId: string, requestId: string): ErrorInfo | null {
    return this.historyErrors[channelKey(profileId, requestId)] ?? null;
  }

  async #loadHistory(profileId: string, requestId: string): Promise<void> {
    const result = await this.api.channelHistory({ profileId, requestId });
    const key = channelKey(profileId, requestId);
    if (!result.ok) {
      this.historyErrors[key] = result.error;
      return;
    }
    const since = Date.now() - DAY_MS;
    const loaded = result.value.points.filter((p) => Date.parse(p.at) >= since);
    const pending = (this.history[key] ?? []).filter(
      (p) => loaded.length === 0 || p.at > loaded[loaded.length - 1]!.at,
    );
    this.history[key] = [...loaded, ...pending];
  }

  #extendHistory(snapshot: MonitorSnapshot): void {
    const since = Date.parse(snapshot.takenAt) - DAY_MS;
    for (const profile of snapshot.profiles) {
      if (profile.lastPollAt === null) continue;
      for (const channel of profile.channels) {
        const key = channelKey(profile.profileId, channel.requestId);
        // Only histories asked for are held: reading any other key of the reactive record would
        // make it a signal, hundreds of them on a dashboard's first snapshot.
        if (!this.#historyRequested.has(key)) continue;
        const points = this.history[key];
        if (!points) continue;
        const last = points[points.length - 1];
        if (last && last.at >= profile.lastPollAt) continue;
        const point = { at: profile.lastPollAt, errorCount: channel.errorCount, health: channel.health };
        this.history[key] = [...points.filter((p) => Date.parse(p.at) >= since), point];
      }
    }
  }

  async notify(notification: AppNotification): Promise<void> {
    await showNotification(notification, () => {
      // A hidden tray window cannot bring itself forward: main shows it.
      void this.api.showWindow({});
      this.openTarget({ profileId: notification.profileId, requestId: notification.requestId });
    });
  }
}
