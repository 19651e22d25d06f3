import { Emitter, type Event } from '../../common/event';
import type { Disposable } from '../../common/lifecycle';
import { timerUntil, type Timers } from '../base';
import type { AppNotification, MonitorEvent, MonitorSnapshot, MonitorUpdate } from '../monitor';
import { failingVerdict, type ConnectionChecks } from './connection-verdict';
import { failingCause, type ActivityReader } from './failing-cause';
import type { History } from './history';
import { decideNotifications, type PolicySettings } from './policy';
import type { PolicyStore } from './policy-store';
import { nextSnoozeEnd } from './snoozes';

export interface NotificationCentreOptions {
  /** The latest snapshot of every monitored profile (for the re-checks that no poll brings). */
  snapshot: () => MonitorSnapshot;
  /** The incidents already notified, kept across restarts. */
  policyStore: PolicyStore;
  history: History;
  settings: PolicySettings;
  now: () => Date;
  /** For the timer set at the end of the earliest running snooze. */
  timers: Timers;
  log: (line: string) => void;
  /** When set, a failing notification carries the verdict of a connection check of its URL. */
  connectionChecks?: ConnectionChecks;
  /** When set, a failing notification names the key or URL change that most likely caused it. */
  activity?: ActivityReader;
}

/**
 * The monitor's output turned into notifications: the policy over each update (its incidents
 * persisted), the history recorded, and what a snooze or a kind turned off held back sent once it
 * may be, even when its profile is not polled again.
 */
export class NotificationCentre implements Disposable {
  readonly #options: NotificationCentreOptions;
  readonly #notifications: Emitter<AppNotification>;
  #settings: PolicySettings;
  #snoozeEnd: Disposable | null = null;
  #disposed = false;
  /** Notifications waiting behind a connection check, and how many batches are in that line. */
  #line: Promise<void> = Promise.resolve();
  #inLine = 0;

  /** The notifications the policy selects. */
  readonly onNotification: Event<AppNotification>;

  constructor(options: NotificationCentreOptions) {
    this.#options = options;
    this.#settings = options.settings;
    this.#notifications = new Emitter({
      onListenerError: (error) =>
        options.log(`notifications: a notification listener failed: ${String(error)}`),
    });
    this.onNotification = this.#notifications.event;
    this.#scheduleSnoozeEnd();
  }

  /**
   * Decides the notifications of one update and records it in the history. A poll changes one
   * profile: the policy and the history look at that one only, so a poll costs the same with 1 or
   * 1,000 profiles; updates about the set of profiles (added, removed, paused) show them all.
   */
  handleUpdate(update: MonitorUpdate): void {
    if (this.#disposed) return;
    const partial = update.profile !== null;
    const profiles = update.profile !== null ? [update.profile] : update.snapshot.profiles;
    const { policyStore, history, now } = this.#options;
    const decision = decideNotifications({
      events: update.events,
      profiles,
      partial,
      state: policyStore.current(),
      settings: this.#settings,
      now: now(),
    });
    policyStore.save(decision.nextState);
    history.record({ profiles }, update.events, { partial });
    this.#fire(decision.notifications);
  }

  /**
   * Events from outside the monitor's polls (the certificate watch's): decided and recorded like a
   * poll's, against their profiles as the latest snapshot shows them.
   */
  handleEvents(events: readonly MonitorEvent[]): void {
    if (this.#disposed || events.length === 0) return;
    const ids = new Set(events.map((event) => event.profileId));
    const profiles = this.#options.snapshot().profiles.filter((profile) => ids.has(profile.profileId));
    const { policyStore, history, now } = this.#options;
    const decision = decideNotifications({
      events,
      profiles,
      partial: true,
      state: policyStore.current(),
      settings: this.#settings,
      now: now(),
    });
    policyStore.save(decision.nextState);
    history.record({ profiles }, events, { partial: true });
    this.#fire(decision.notifications);
  }

  /** New settings: a snooze ended or shortened, or a kind turned back on, makes what was held back due now. */
  setSettings(settings: PolicySettings): void {
    this.#settings = settings;
    this.#recheckHeldBack();
    this.#scheduleSnoozeEnd();
  }

  /** Cancels the snooze timer and drops the listeners; the stores are closed by their owner. */
  dispose(): void {
    this.#disposed = true;
    this.#snoozeEnd?.dispose();
    this.#snoozeEnd = null;
    this.#notifications.dispose();
  }

  /**
   * Sends notifications in the order the policy decided them, across updates too (a "recovered"
   * never overtakes its "failing"): a failing one waits for its connection check, bounded by the
   * check's wait, and for its cause (a file read), and what comes after it waits in line.
   */
  #fire(notifications: readonly AppNotification[]): void {
    const { connectionChecks: checks, activity, history } = this.#options;
    const failing = (n: AppNotification): boolean => n.kind === 'failing' && n.requestId !== null;
    const explained = (n: AppNotification): boolean =>
      (checks !== undefined || activity !== undefined) && failing(n);
    if (!notifications.some(explained) && this.#inLine === 0) {
      for (const notification of notifications) this.#notifications.fire(notification);
      return;
    }
    const snapshot = this.#options.snapshot();
    const none = Promise.resolve(null);
    const verdicts = notifications.map((n) =>
      checks !== undefined && failing(n) ? failingVerdict(n, snapshot, checks) : none,
    );
    const causes = notifications.map((n) =>
      activity !== undefined && failing(n) ? failingCause(n, snapshot, history, activity) : none,
    );
    this.#inLine += 1;
    this.#line = this.#line
      .then(async () => {
        const [foundVerdicts, foundCauses] = await Promise.all([Promise.all(verdicts), Promise.all(causes)]);
        notifications.forEach((notification, i) => {
          if (this.#disposed) return;
          const verdict = foundVerdicts[i] ?? null;
          const cause = foundCauses[i] ?? null;
          const body = [verdict === null ? null : `${verdict}.`, cause, notification.body]
            .filter((part) => part !== null)
            .join(' ');
          this.#notifications.fire({ ...notification, body });
        });
      })
      .finally(() => {
        this.#inLine -= 1;
      });
  }

  /**
   * Runs the policy, without events, over every profile of the current snapshot. The policy sends
   * a notification held back by a snooze or a kind turned off (an ongoing block, refused
   * credentials, an unreachable API) when it sees its profile again, but a profile may not be
   * polled again for long: after an auth failure the monitor stops polling it until its
   * credentials change. What is still true is sent once; the incidents remember what was sent.
   */
  #recheckHeldBack(): void {
    if (this.#disposed) return;
    const { policyStore, snapshot, now } = this.#options;
    const decision = decideNotifications({
      events: [],
      profiles: snapshot().profiles,
      state: policyStore.current(),
      settings: this.#settings,
      now: now(),
    });
    policyStore.save(decision.nextState);
    this.#fire(decision.notifications);
  }

  /** A timer for the end of the earliest running snooze, replacing any earlier one. */
  #scheduleSnoozeEnd(): void {
    this.#snoozeEnd?.dispose();
    this.#snoozeEnd = null;
    if (this.#disposed) return;
    const { timers, now } = this.#options;
    const at = nextSnoozeEnd(this.#settings, now());
    if (at === null) return;
    this.#snoozeEnd = timerUntil(
      timers,
      () => now().getTime(),
      at,
      () => {
        this.#recheckHeldBack();
        // The next snooze to end, if any.
        this.#scheduleSnoozeEnd();
      },
    );
  }
}
