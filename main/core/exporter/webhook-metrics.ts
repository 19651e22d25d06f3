import { Gauge, type Registry } from 'prom-client';
import type { ChannelView, ProfileSnapshot } from '../monitor';
import { metricUrl } from './metric-url';

/** One watched account as the metrics label it, with its latest state. */
export interface AccountState {
  /** The `profile` label: the profile's or accounts-file entry's name ("environment" for env credentials). */
  profile: string;
  /** The `account` label: the merchant account id. */
  account: string;
  snapshot: ProfileSnapshot;
}

/** When the certificate of a subscription's https receiver expires (ms since the epoch), or null when unknown. */
export type CertificateExpiry = (profileId: string, requestId: string) => number | null;

export interface WebhookMetricsSource {
  /** Read at each scrape: every metric below is rebuilt from it, so nothing outlives its subscription. */
  accounts(): readonly AccountState[];
  certificateExpiry?: CertificateExpiry;
}

const ACCOUNT_LABELS = ['profile', 'account'] as const;
const CHANNEL_LABELS = ['profile', 'account', 'request_id', 'url'] as const;
type ChannelLabels = Record<(typeof CHANNEL_LABELS)[number], string>;

const seconds = (iso: string | null): number | null => {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : null;
};

interface ChannelGauge {
  name: string;
  help: string;
  /** The value for this channel, or null for no series. */
  value: (channel: ChannelView, certificateMs: number | null) => number | null;
}

const CHANNEL_GAUGES: readonly ChannelGauge[] = [
  {
    name: 'calypso_webhook_blocked',
    help: '1 when Calypso has blocked the subscription after too many failed deliveries (lift it in the Calypso dashboard), else 0.',
    value: (channel) => (channel.blockedByErrorCount ? 1 : 0),
  },
  {
    name: 'calypso_webhook_enabled',
    help: '1 when the subscription is enabled, 0 when it was switched off.',
    value: (channel) => (channel.enabled ? 1 : 0),
  },
  {
    name: 'calypso_webhook_consecutive_failures',
    help: 'Failed deliveries in a row as Calypso counts them (its errorCount); 0 once a delivery succeeds.',
    value: (channel) => channel.errorCount,
  },
  {
    name: 'calypso_webhook_failing_since_timestamp_seconds',
    help: "When the current run of failed deliveries began (Calypso's errorFirstDate); absent unless the subscription is failing.",
    value: (channel) => (channel.health === 'failing' ? seconds(channel.errorFirstDate) : null),
  },
  {
    name: 'calypso_webhook_predicted_block_timestamp_seconds',
    help: 'When Calypso will block the failing subscription at its current failure rate; absent when no block is forecast.',
    value: (channel) => seconds(channel.predictedBlockAt),
  },
  {
    name: 'calypso_webhook_certificate_expiry_timestamp_seconds',
    help: "When the TLS certificate of the subscription's https receiver expires; absent for http URLs and until checked.",
    value: (_channel, certificateMs) => (certificateMs === null ? null : certificateMs / 1000),
  },
];

/**
 * Registers the account and subscription gauges. Each is rebuilt from the source at every scrape
 * (reset, then set), so a subscription deleted in Calypso or an account no longer watched leaves no
 * stale series behind.
 */
export function registerWebhookMetrics(registry: Registry, source: WebhookMetricsSource): void {
  const certificateExpiry = source.certificateExpiry ?? (() => null);

  new Gauge({
    name: 'calypso_webhook_up',
    help: "1 when the account's last poll of Calypso's subscription list succeeded, else 0 (also before the first poll ends).",
    labelNames: ACCOUNT_LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const { profile, account, snapshot } of source.accounts()) {
        const up = snapshot.lastPollAt !== null && snapshot.lastError === null;
        this.set({ profile, account }, up ? 1 : 0);
      }
    },
  });

  new Gauge({
    name: 'calypso_webhook_last_poll_timestamp_seconds',
    help: "When the account's last poll ended, whatever its outcome (calypso_webhook_up tells which); absent before the first.",
    labelNames: ACCOUNT_LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const { profile, account, snapshot } of source.accounts()) {
        const at = seconds(snapshot.lastPollAt);
        if (at !== null) this.set({ profile, account }, at);
      }
    },
  });

  new Gauge({
    name: 'calypso_webhook_health',
    help: 'The current state of each subscription (healthy, failing, blocked or disabled): one series per subscription, value 1.',
    labelNames: [...CHANNEL_LABELS, 'state'],
    registers: [registry],
    collect() {
      this.reset();
      eachChannel(source, (labels, channel) => this.set({ ...labels, state: channel.health }, 1));
    },
  });

  for (const spec of CHANNEL_GAUGES) {
    new Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: CHANNEL_LABELS,
      registers: [registry],
      collect() {
        this.reset();
        eachChannel(source, (labels, channel, profileId) => {
          const https = channel.url.toLowerCase().startsWith('https:');
          const certificate = https ? certificateExpiry(profileId, channel.requestId) : null;
          const value = spec.value(channel, certificate);
          if (value !== null) this.set(labels, value);
        });
      },
    });
  }
}

interface LabelledChannel {
  labels: ChannelLabels;
  channel: ChannelView;
}

// A profile's snapshot is immutable and kept while nothing changes: its labels are built once, not per scrape.
const labelled = new WeakMap<ProfileSnapshot, LabelledChannel[]>();

function labelledChannels({ profile, account, snapshot }: AccountState): LabelledChannel[] {
  let channels = labelled.get(snapshot);
  if (channels === undefined) {
    channels = snapshot.channels.map((channel) => ({
      labels: { profile, account, request_id: channel.requestId, url: metricUrl(channel.url) },
      channel,
    }));
    labelled.set(snapshot, channels);
  }
  return channels;
}

function eachChannel(
  source: WebhookMetricsSource,
  visit: (labels: ChannelLabels, channel: ChannelView, profileId: string) => void,
): void {
  for (const state of source.accounts()) {
    for (const { labels, channel } of labelledChannels(state))
      visit(labels, channel, state.snapshot.profileId);
  }
}
