import { CALYPSO_PATHS } from '../../../main/core/api';
import type { RecordedRequest } from '../../../main/core/sandbox';

/**
 * Counts the list calls each API key made between two instants, from the sandbox's own request log.
 * The log keeps only the latest requests, so `read` must run every few seconds; a call is one
 * signed body (each carries a fresh timestamp), so reading the same entry twice counts it once.
 */
export function createListCallCounter(requests: () => Promise<RecordedRequest[]>): {
  read(from: string, to: string): Promise<void>;
  count(key: string): number;
  total(): number;
} {
  const bodies = new Map<string, Set<string>>();
  return {
    async read(from, to) {
      for (const request of await requests()) {
        if (request.method !== 'POST' || request.path !== CALYPSO_PATHS.list) continue;
        if (request.receivedAt < from || request.receivedAt > to) continue;
        const key = request.headers['key'] ?? '';
        const seen = bodies.get(key) ?? new Set<string>();
        bodies.set(key, seen.add(request.body));
      }
    },
    count: (key) => bodies.get(key)?.size ?? 0,
    total: () => Array.from(bodies.values()).reduce((sum, seen) => sum + seen.size, 0),
  };
}
