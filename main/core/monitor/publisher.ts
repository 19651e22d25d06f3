import { Emitter, type Event } from '../../common/event';
import { toAppError } from '../../common/errors';
import { profileStateOf, worstState } from './classify';
import type { PollState } from './reducer';
import type { ChannelView, MonitorEvent, MonitorSnapshot, MonitorUpdate, ProfileSnapshot } from './types';

/** Everything a profile's snapshot is made from. */
export interface ProfileInputs {
  profileId: string;
  profileName: string;
  poll: PollState;
  nextPollAt: number | null;
  paused: boolean;
}

/** Everything the monitor's snapshot is made from, read when a snapshot is asked for. */
export interface SnapshotInputs {
  paused: boolean;
  pausedUntil: number | null;
  profiles: ProfileInputs[];
}

export interface PublisherOptions {
  read: () => SnapshotInputs;
  now: () => number;
  log: (line: string) => void;
  /** When a channel's receiver certificate expires, as the certificate watch last found (merged into snapshots). */
  certificateExpiry?: ((profileId: string, requestId: string) => string | null) | undefined;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function sameInputs(a: ProfileInputs, b: ProfileInputs): boolean {
  return (
    a.profileName === b.profileName &&
    a.poll === b.poll &&
    a.nextPollAt === b.nextPollAt &&
    a.paused === b.paused
  );
}

/** The channels with their certificate expiry; a channel (and the list) is copied only when it changes. */
function withExpiry(
  inputs: ProfileInputs,
  certificateExpiry: (profileId: string, requestId: string) => string | null,
): ChannelView[] {
  let changed = false;
  const channels = inputs.poll.channels.map((channel) => {
    const expiresAt = certificateExpiry(inputs.profileId, channel.requestId);
    if (expiresAt === channel.certificateExpiresAt) return channel;
    changed = true;
    return { ...channel, certificateExpiresAt: expiresAt };
  });
  return changed ? channels : inputs.poll.channels;
}

function toProfileSnapshot(
  inputs: ProfileInputs,
  certificateExpiry: PublisherOptions['certificateExpiry'],
): ProfileSnapshot {
  const { poll } = inputs;
  const channels = certificateExpiry === undefined ? poll.channels : withExpiry(inputs, certificateExpiry);
  return {
    profileId: inputs.profileId,
    profileName: inputs.profileName,
    state: profileStateOf({
      paused: inputs.paused,
      lastError: poll.lastError,
      channels: poll.observation.channels === null ? null : poll.channels,
    }),
    lastPollAt: iso(poll.lastPollAt),
    nextPollAt: iso(inputs.nextPollAt),
    lastError: poll.lastError,
    consecutiveFailures: poll.consecutiveFailures,
    channels,
  };
}

/**
 * Builds the snapshots the monitor hands out and tells listeners of each change. A snapshot is
 * rebuilt only when what it is made from changed: one handed out stays the same object, never
 * mutated, and an update's profile is the very one its snapshot holds.
 */
export class SnapshotPublisher {
  readonly #options: PublisherOptions;
  readonly #profiles = new Map<
    string,
    { inputs: ProfileInputs; snapshot: ProfileSnapshot; certificates: number }
  >();
  /** Counts the certificate watch's changes: a profile snapshot built before the last one is stale. */
  #certificates = 0;
  #snapshot: { inputs: SnapshotInputs; snapshot: MonitorSnapshot } | null = null;
  readonly #updates: Emitter<MonitorUpdate>;
  readonly #events: Emitter<MonitorEvent>;
  /** After every change, with its events (possibly none). */
  readonly onUpdate: Event<MonitorUpdate>;
  /** Once per event. */
  readonly onEvent: Event<MonitorEvent>;

  constructor(options: PublisherOptions) {
    this.#options = options;
    const report = (what: string) => (error: unknown) =>
      options.log(`monitor: ${what} listener failed: ${toAppError(error).message}`);
    this.#updates = new Emitter({ onListenerError: report('a snapshot') });
    this.#events = new Emitter({ onListenerError: report('an event') });
    this.onUpdate = this.#updates.event;
    this.onEvent = this.#events.event;
  }

  profile(inputs: ProfileInputs): ProfileSnapshot {
    const kept = this.#profiles.get(inputs.profileId);
    if (kept !== undefined && kept.certificates === this.#certificates && sameInputs(kept.inputs, inputs)) {
      return kept.snapshot;
    }
    const snapshot = toProfileSnapshot(inputs, this.#options.certificateExpiry);
    this.#profiles.set(inputs.profileId, { inputs, snapshot, certificates: this.#certificates });
    return snapshot;
  }

  /** The certificate lookup's answers changed: every profile snapshot is rebuilt when next asked for. */
  certificatesChanged(): void {
    this.#certificates += 1;
  }

  snapshot(): MonitorSnapshot {
    const inputs = this.#options.read();
    const profiles = inputs.profiles.map((profile) => this.profile(profile));
    const kept = this.#snapshot;
    if (
      kept !== null &&
      kept.inputs.paused === inputs.paused &&
      kept.inputs.pausedUntil === inputs.pausedUntil &&
      kept.snapshot.profiles.length === profiles.length &&
      kept.snapshot.profiles.every((profile, index) => profile === profiles[index])
    ) {
      return kept.snapshot;
    }
    const snapshot: MonitorSnapshot = {
      takenAt: new Date(this.#options.now()).toISOString(),
      // Paused wins even without profiles, so the tray and the window can tell a pause from "nothing yet".
      worst: inputs.paused ? 'paused' : worstState(profiles.map((profile) => profile.state)),
      pausedUntil: inputs.paused ? iso(inputs.pausedUntil) : null,
      profiles,
    };
    this.#snapshot = { inputs, snapshot };
    return snapshot;
  }

  /** Tells listeners of a change to one profile, or of a monitor-wide one (`profile` null). */
  publish(profile: ProfileInputs | null, events: readonly MonitorEvent[]): void {
    const snapshot = (): MonitorSnapshot => this.snapshot();
    this.#updates.fire({
      profileId: profile === null ? null : profile.profileId,
      events,
      profile: profile === null ? null : this.profile(profile),
      // Built on first read: listeners that need only the polled profile never pay for all of them.
      get snapshot() {
        return snapshot();
      },
    });
    for (const event of events) this.#events.fire(event);
  }

  /** Drops what was kept of a removed profile. */
  forget(profileId: string): void {
    this.#profiles.delete(profileId);
  }

  /** Stops telling listeners anything. */
  dispose(): void {
    this.#updates.dispose();
    this.#events.dispose();
  }
}
