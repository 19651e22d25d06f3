import type { ApiFault, FaultBody } from './types';

interface QueuedFault {
  fault: ApiFault;
  remaining: number;
}

/** API faults queued by tests and demos, consumed in order by the requests they match. */
export class FaultInjector {
  #queue: QueuedFault[] = [];

  inject(fault: ApiFault): void {
    const remaining = fault.count === 'always' ? Number.POSITIVE_INFINITY : (fault.count ?? 1);
    if (remaining > 0) this.#queue.push({ fault, remaining });
  }

  clear(): void {
    this.#queue = [];
  }

  /** The first fault that applies to a request to `path`, counted as used. */
  take(path: string): ApiFault | undefined {
    const entry = this.#queue.find((queued) => queued.fault.path === undefined || queued.fault.path === path);
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#queue = this.#queue.filter((queued) => queued !== entry);
    return entry.fault;
  }
}

const MINIMAL_FIELDS = [
  'requestId',
  'url',
  'notificationEventTypes',
  'publicKey',
  'secretKey',
  'createdDate',
];

function minimalChannel(channel: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(MINIMAL_FIELDS.filter((key) => key in channel).map((key) => [key, channel[key]]));
}

function mistypedChannel(channel: Record<string, unknown>): Record<string, unknown> {
  return { ...channel, errorCount: 'many', enabled: 'yes' };
}

function mapChannels(
  json: unknown,
  transform: (channel: Record<string, unknown>) => Record<string, unknown>,
): unknown {
  if (json === null || typeof json !== 'object') return json;
  const record = json as Record<string, unknown>;
  if (Array.isArray(record.subscriptions)) {
    return {
      ...record,
      subscriptions: record.subscriptions.map((item) => transform(item as Record<string, unknown>)),
    };
  }
  return transform(record);
}

/**
 * Rewrites a successful JSON answer: `minimal-example` keeps only the fields of the docs' own list
 * example (no health fields), `wrong-types` puts a string where errorCount and enabled belong (an
 * empty list becomes an object), and `malformed` cuts the JSON in half.
 */
export function rewriteBody(kind: FaultBody, json: unknown): string {
  if (kind === 'malformed') {
    const text = JSON.stringify(json ?? { subscriptions: [] });
    return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  }
  if (kind === 'minimal-example') return JSON.stringify(mapChannels(json, minimalChannel));
  const record = json as Record<string, unknown> | null;
  if (record !== null && Array.isArray(record.subscriptions) && record.subscriptions.length === 0) {
    return JSON.stringify({ subscriptions: {} });
  }
  return JSON.stringify(mapChannels(json, mistypedChannel));
}
