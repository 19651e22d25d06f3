import { randomBytes, randomUUID } from 'node:crypto';
import type { Channel } from '../api';
import type { ForcedFields, SandboxCredentials, SandboxSubscription, SeedSubscription } from './types';

export interface BlockingRule {
  /** Blocked after more than this many failures... */
  blockAfter: number;
  /** ...within this window, with no success in between. */
  blockWindowMs: number;
}

interface StoredSubscription {
  channel: Channel;
  account: string;
  /**
   * Times of the latest failures since the last success, at most blockAfter + 1 of them: that is all
   * the blocking rule needs, so a long failing run does not grow memory.
   */
  failureTimes: number[];
}

/** A fresh key pair for signing deliveries, shaped like Calypso's (hex strings). */
function newKeyPair(): { publicKey: string; secretKey: string } {
  return { publicKey: randomBytes(16).toString('hex'), secretKey: randomBytes(16).toString('hex') };
}

function snapshot(stored: StoredSubscription): SandboxSubscription {
  const { channel } = stored;
  return {
    ...channel,
    notificationEventTypes: [...channel.notificationEventTypes],
    notificationServiceTypes: [...channel.notificationServiceTypes],
    account: stored.account,
  };
}

/** The sandbox's accounts and subscriptions, with Calypso's error counting and blocking rule. */
export class SubscriptionStore {
  readonly #accountsByKey = new Map<string, SandboxCredentials>();
  readonly #subscriptions = new Map<string, StoredSubscription>();
  readonly #rule: BlockingRule;

  constructor(accounts: readonly SandboxCredentials[], rule: BlockingRule) {
    for (const account of accounts) this.#accountsByKey.set(account.apiKey, account);
    this.#rule = rule;
  }

  accountForKey(apiKey: string): SandboxCredentials | undefined {
    return this.#accountsByKey.get(apiKey);
  }

  hasAccount(account: string): boolean {
    return [...this.#accountsByKey.values()].some((entry) => entry.account === account);
  }

  /** Subscriptions oldest first, optionally of one account. */
  list(account?: string): SandboxSubscription[] {
    return [...this.#subscriptions.values()]
      .filter((stored) => account === undefined || stored.account === account)
      .map(snapshot)
      .sort((a, b) => (a.createdDate ?? '').localeCompare(b.createdDate ?? ''));
  }

  get(requestId: string): SandboxSubscription | undefined {
    const stored = this.#subscriptions.get(requestId);
    return stored === undefined ? undefined : snapshot(stored);
  }

  /** Adds a subscription; keys are generated and health fields start clean unless given. */
  add(seed: SeedSubscription & { account: string }, nowMs: number): SandboxSubscription {
    const requestId = seed.requestId ?? randomUUID();
    const channel: Channel = {
      requestId,
      url: seed.url,
      notificationEventTypes: [...(seed.notificationEventTypes ?? [])],
      notificationServiceTypes: [...(seed.notificationServiceTypes ?? [])],
      ...newKeyPair(),
      createdDate: new Date(nowMs).toISOString(),
      enabled: true,
      blockedByErrorCount: false,
      errorCount: 0,
      errorFirstDate: null,
      errorLastDate: null,
    };
    const stored: StoredSubscription = { channel, account: seed.account, failureTimes: [] };
    this.#subscriptions.set(requestId, stored);
    this.#applyForced(stored, seed);
    stored.failureTimes = this.#seededFailureTimes(channel);
    return snapshot(stored);
  }

  /** Applies a change; returns undefined when the subscription does not exist. */
  update(
    requestId: string,
    fields: Partial<Pick<Channel, 'url' | 'notificationEventTypes' | 'notificationServiceTypes' | 'enabled'>>,
  ): SandboxSubscription | undefined {
    const stored = this.#subscriptions.get(requestId);
    if (stored === undefined) return undefined;
    Object.assign(stored.channel, fields);
    return snapshot(stored);
  }

  remove(requestId: string): boolean {
    return this.#subscriptions.delete(requestId);
  }

  /** Forces any field, as a test or a demo needs; clearing the count also forgets the failure times. */
  force(requestId: string, fields: ForcedFields): SandboxSubscription | undefined {
    const stored = this.#subscriptions.get(requestId);
    if (stored === undefined) return undefined;
    this.#applyForced(stored, fields);
    return snapshot(stored);
  }

  /**
   * Rotates the delivery keys of every subscription of the account and returns the newest one,
   * or undefined when the account has none.
   */
  rotateKeys(account: string): SandboxSubscription | undefined {
    let newest: StoredSubscription | undefined;
    for (const stored of this.#subscriptions.values()) {
      if (stored.account !== account) continue;
      Object.assign(stored.channel, newKeyPair());
      // Insertion order: of two created in the same millisecond, the one added later is the newer.
      if (newest === undefined || (stored.channel.createdDate ?? '') >= (newest.channel.createdDate ?? '')) {
        newest = stored;
      }
    }
    return newest === undefined ? undefined : snapshot(newest);
  }

  /** Subscriptions that receive deliveries: enabled and not blocked. */
  deliverable(): SandboxSubscription[] {
    return this.list().filter((subscription) => subscription.enabled && !subscription.blockedByErrorCount);
  }

  /**
   * Counts a failed delivery. Blocks the subscription when more than blockAfter failures fell within
   * the window with no success: the failure times are only those since the last success.
   * Returns whether this failure blocked it.
   */
  recordFailure(requestId: string, atMs: number): boolean {
    const stored = this.#subscriptions.get(requestId);
    if (stored === undefined) return false;
    const { channel } = stored;
    const at = new Date(atMs).toISOString();
    channel.errorCount += 1;
    channel.errorFirstDate ??= at;
    channel.errorLastDate = at;
    stored.failureTimes.push(atMs);
    if (stored.failureTimes.length > this.#rule.blockAfter + 1) stored.failureTimes.shift();
    const oldest = stored.failureTimes[0];
    const exceeded =
      stored.failureTimes.length > this.#rule.blockAfter &&
      oldest !== undefined &&
      atMs - oldest <= this.#rule.blockWindowMs;
    if (exceeded && !channel.blockedByErrorCount) {
      channel.blockedByErrorCount = true;
      return true;
    }
    return false;
  }

  /** A successful delivery ends the failing run. */
  recordSuccess(requestId: string): void {
    const stored = this.#subscriptions.get(requestId);
    if (stored === undefined) return;
    this.#clearErrors(stored);
  }

  /** The dashboard's unblock: the block, the count and the dates are cleared. */
  unblock(requestId: string): SandboxSubscription | undefined {
    const stored = this.#subscriptions.get(requestId);
    if (stored === undefined) return undefined;
    stored.channel.blockedByErrorCount = false;
    this.#clearErrors(stored);
    return snapshot(stored);
  }

  #clearErrors(stored: StoredSubscription): void {
    stored.channel.errorCount = 0;
    stored.channel.errorFirstDate = null;
    stored.channel.errorLastDate = null;
    stored.failureTimes = [];
  }

  /**
   * A subscription added with a failing run in progress (not blocked): its failures, spread from the
   * first to the last error date, count toward the block as Calypso's own would.
   */
  #seededFailureTimes(channel: Channel): number[] {
    const first = Date.parse(channel.errorFirstDate ?? '');
    const last = Date.parse(channel.errorLastDate ?? '');
    const count = Math.min(channel.errorCount, this.#rule.blockAfter);
    if (channel.blockedByErrorCount || count < 1 || Number.isNaN(first) || Number.isNaN(last)) return [];
    if (count === 1) return [last];
    return Array.from({ length: count }, (_, i) => first + ((last - first) * i) / (count - 1));
  }

  #applyForced(stored: StoredSubscription, fields: ForcedFields): void {
    const allowed: (keyof ForcedFields)[] = [
      'url',
      'notificationEventTypes',
      'notificationServiceTypes',
      'publicKey',
      'secretKey',
      'createdDate',
      'enabled',
      'blockedByErrorCount',
      'errorCount',
      'errorFirstDate',
      'errorLastDate',
    ];
    for (const key of allowed) {
      if (fields[key] !== undefined) Object.assign(stored.channel, { [key]: fields[key] });
    }
    if (fields.errorCount === 0) stored.failureTimes = [];
  }
}
