import { performance } from 'node:perf_hooks';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { CalypsoApi } from '../api';
import { API_OUTCOMES, outcomeOfError, type ApiOutcome } from './api-outcome';

/** The `profile` and `account` labels of one watched account. */
export interface AccountLabels {
  profile: string;
  account: string;
}

/** Seconds: from a quick answer on a LAN to a list call that used up its retries. */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface ApiMetrics {
  /**
   * The client with its list calls counted and timed (one per poll; a client's own retries, if it
   * makes any, count within their call); the calls themselves and their results are left as they are.
   */
  observe(client: CalypsoApi, labels: AccountLabels): CalypsoApi;
}

/** Registers calypso_api_requests_total and calypso_api_request_duration_seconds. */
export function registerApiMetrics(registry: Registry): ApiMetrics {
  const requests = new Counter({
    name: 'calypso_api_requests_total',
    help: 'Subscription list requests the exporter made to the Calypso API (one per poll), by outcome.',
    labelNames: ['profile', 'account', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'calypso_api_request_duration_seconds',
    help: 'How long the subscription list requests to the Calypso API took, whatever their outcome.',
    labelNames: ['profile', 'account'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });

  return {
    observe(client, labels) {
      const { profile, account } = labels;
      // Every outcome from zero, so rate() and absent-series alerts work before the first failure.
      for (const outcome of API_OUTCOMES) requests.inc({ profile, account, outcome }, 0);
      duration.zero({ profile, account });
      const record = (outcome: ApiOutcome, startedAt: number): void => {
        requests.inc({ profile, account, outcome });
        duration.observe({ profile, account }, (performance.now() - startedAt) / 1000);
      };
      async function timed<T>(call: () => Promise<T>): Promise<T> {
        const startedAt = performance.now();
        try {
          const result = await call();
          record('ok', startedAt);
          return result;
        } catch (error) {
          record(outcomeOfError(error), startedAt);
          throw error;
        }
      }
      return {
        list: (options) => timed(() => client.list(options)),
        listIfChanged: (since, options) => timed(() => client.listIfChanged(since, options)),
        create: (input) => client.create(input),
        change: (requestId, edit) => client.change(requestId, edit),
        delete: (requestId) => client.delete(requestId),
        regenerateKeys: () => client.regenerateKeys(),
      };
    },
  };
}
