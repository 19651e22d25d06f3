import type { CalypsoClient, ClientOptions } from '../api';
import type { Monitor, MonitorTarget } from '../monitor';
import { credentialFingerprint } from './credential-changes';
import { ProfileClients } from './profile-clients';
import type { ProfileService } from './profile-service';
import type { AccountsEvent, Profile } from './types';

export interface MonitorTargetsOptions {
  profiles: Pick<ProfileService, 'list' | 'credentials'>;
  monitor: Pick<Monitor, 'updateTargets' | 'upsertTarget' | 'removeTarget'>;
  clientOptions: ClientOptions;
}

/**
 * The monitor's targets kept in step with the profiles: the stored ones (their secrets read from
 * the keychain on first use) and those held in memory with a client of their own (the sandbox
 * demo). One client per profile, shared with the management calls, replaced when the credentials
 * it was built on change.
 */
export class MonitorTargets {
  readonly #profiles: MonitorTargetsOptions['profiles'];
  readonly #monitor: MonitorTargetsOptions['monitor'];
  readonly #clients: ProfileClients;
  /** The credential fingerprint each stored profile's client was built on. */
  readonly #fingerprints = new Map<string, string>();
  readonly #inMemory = new Map<string, Profile>();

  constructor(options: MonitorTargetsOptions) {
    this.#profiles = options.profiles;
    this.#monitor = options.monitor;
    const profiles = options.profiles;
    this.#clients = new ProfileClients((id) => profiles.credentials(id), options.clientOptions);
  }

  /** The API client of a profile (shared with the monitor). */
  clientFor(profileId: string): CalypsoClient {
    return this.#clients.get(profileId);
  }

  /** Makes the monitor's targets match the stored profiles, plus those held in memory. */
  sync(): void {
    const targets = this.#profiles.list().map((profile) => this.#storedTarget(profile));
    for (const profile of this.#inMemory.values()) targets.push(this.#target(profile));
    const ids = new Set(targets.map((t) => t.profileId));
    for (const id of this.#fingerprints.keys()) {
      if (!ids.has(id)) {
        this.#fingerprints.delete(id);
        this.#clients.invalidate(id);
      }
    }
    this.#monitor.updateTargets(targets);
  }

  /** Follows the accounts' changes: a profile added, edited or removed here or by the CLI. */
  handle(event: AccountsEvent): void {
    switch (event.type) {
      case 'profile-updated':
        // A new secret is not visible in the fingerprint: drop the client so it reads the keychain again.
        if (event.secretChanged) this.#fingerprints.delete(event.profile.id);
        this.sync();
        return;
      case 'profile-added':
      case 'profile-removed':
      case 'external-change':
        this.sync();
        return;
      default:
        return;
    }
  }

  /** Watches a profile that is not stored, through a client built elsewhere (the sandbox demo's). */
  addInMemory(profile: Profile, client: CalypsoClient): void {
    this.#inMemory.set(profile.id, profile);
    this.#clients.put(profile.id, client);
    this.#monitor.upsertTarget(this.#target(profile));
  }

  removeInMemory(profileId: string): void {
    this.#inMemory.delete(profileId);
    this.#monitor.removeTarget(profileId);
    this.#clients.invalidate(profileId);
  }

  #storedTarget(profile: Profile): MonitorTarget {
    const fingerprint = credentialFingerprint(profile);
    if (this.#fingerprints.get(profile.id) !== fingerprint) {
      this.#clients.invalidate(profile.id);
      this.#fingerprints.set(profile.id, fingerprint);
    }
    return this.#target(profile);
  }

  #target(profile: Profile): MonitorTarget {
    return { profileId: profile.id, profileName: profile.name, client: this.#clients.get(profile.id) };
  }
}
