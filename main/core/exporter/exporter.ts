import { Registry } from 'prom-client';
import type { CalypsoApi, TrustSource } from '../api';
import { latestOnly } from '../base';
import { createCertificateWatch } from '../certificates';
import { createMonitor, type MonitorEvent } from '../monitor';
import { registerApiMetrics } from './api-metrics';
import { followReceivers } from './certificate-targets';
import { serveMetrics } from './http-server';
import { formatHostPort, type ListenAddress } from './listen-address';
import { registerProcessMetrics } from './process-metrics';
import { registerWebhookMetrics, type AccountState } from './webhook-metrics';

/** One merchant account to export. */
export interface ExporterAccount {
  /** Unique among the accounts: the monitor's profile id. */
  id: string;
  /** The `profile` label. */
  name: string;
  /** The `account` label: the merchant account id. */
  account: string;
  /** The account's API base URL: a loopback one lets its receivers' certificates be checked on private addresses. */
  baseUrl: string;
  client: CalypsoApi;
}

export interface ExporterOptions {
  accounts: readonly ExporterAccount[];
  listen: ListenAddress;
  /** Poll interval while every subscription of an account is healthy (the monitor's default otherwise). */
  normalIntervalMs?: number;
  /** Poll interval while one is failing. */
  fastIntervalMs?: number;
  /** The CA certificates the certificate checks trust besides Node's (the CLI's --ca-file). */
  trust?: TrustSource;
}

export interface RunningExporter {
  /** `http://HOST:PORT/metrics`, with the port actually bound. */
  metricsUrl: string;
  /** The monitor's events (auth-failed, unreachable, blocked...), for the log. */
  onEvent(listener: (event: MonitorEvent) => void): () => void;
  /** Stops polling and serving. */
  stop(): Promise<void>;
}

/**
 * Runs the app's monitor (adaptive polling, backoff, forecasts) over the accounts and serves its
 * state as Prometheus metrics. The listen address is bound before the first poll, so a taken port
 * fails fast without a request sent.
 */
export async function startExporter(options: ExporterOptions): Promise<RunningExporter> {
  const registry = new Registry();
  const api = registerApiMetrics(registry);
  const labels = new Map(options.accounts.map((a) => [a.id, { profile: a.name, account: a.account }]));
  // Each https receiver's certificate, checked at once and daily (a TLS handshake, never a request).
  const certificates = createCertificateWatch(options.trust === undefined ? {} : { trust: options.trust });
  const monitor = createMonitor({
    targets: options.accounts.map((a) => ({
      profileId: a.id,
      profileName: a.name,
      client: api.observe(a.client, { profile: a.name, account: a.account }),
    })),
    ...(options.normalIntervalMs === undefined ? {} : { normalIntervalMs: options.normalIntervalMs }),
    ...(options.fastIntervalMs === undefined ? {} : { fastIntervalMs: options.fastIntervalMs }),
    certificateExpiry: (profileId, requestId) => certificates.expiresAt(profileId, requestId),
  });
  const receivers = followReceivers(certificates, new Map(options.accounts.map((a) => [a.id, a.baseUrl])));
  monitor.subscribe((update) => receivers.push(update));
  // A burst of checks (every receiver at start) rebuilds the snapshots once a second, not per check.
  const refresh = latestOnly<null>(() => monitor.refreshCertificates(), 1_000);
  certificates.onChange(() => refresh.push(null));
  registerWebhookMetrics(registry, {
    accounts() {
      const states: AccountState[] = [];
      for (const snapshot of monitor.getSnapshot().profiles) {
        const label = labels.get(snapshot.profileId);
        if (label !== undefined) states.push({ ...label, snapshot });
      }
      return states;
    },
  });
  registerProcessMetrics(registry);

  const stopWatching = (): void => {
    receivers.close();
    refresh.close();
    certificates.dispose();
    monitor.stop();
  };
  let server;
  try {
    server = await serveMetrics(registry, options.listen);
  } catch (error) {
    stopWatching();
    throw error;
  }
  monitor.start();
  const { address, port } = server.address;
  return {
    metricsUrl: `http://${formatHostPort(address, port)}/metrics`,
    onEvent: (listener) => monitor.onEvent(listener),
    async stop() {
      stopWatching();
      await server.close();
    },
  };
}
