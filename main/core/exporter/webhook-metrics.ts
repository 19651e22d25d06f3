import type { Registry } from 'prom-client';
import type { ChannelView, ProfileSnapshot } from '../monitor';
import { metricUrl } from './metric-url';
import { SnapshotGauge, type GaugeSample } from './snapshot-gauge';

/** One watched account as the metrics label it, with its latest state. */
export interface AccountState {
  /** The `profile` label: the profile's or accounts-file entry's name ("environment" for env credentials). */
  profile: string;
  /** The `account` label: the merchant account id. */
  account: string;
  snapshot: ProfileSnapshot;
}

export interface WebhookMetricsSource {
  /** Read at each scrape: every metric below is built from it, so nothing outlives its subscription. */
  accounts(): readonly AccountState[];
}

const ACCOUNT_LABELS = ['profile', 'account'];
const CHANNEL_LABELS = ['profile', 'account', 'request_id', 'url'];
const NO_LABELS = Object.freeze({});
const STATE_LABELS = Object.freeze({
  healthy: Object.freeze({ state: 'healthy' }),
  failing: Object.freeze({ state: 'failing' }),
  blocked: Object.freeze({ state: 'blocked' }),
  disabled: Object.freeze({ state: 'disabled' }),
});

const seconds = (iso: string | null): number | null => {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : null;
};

interface ChannelGauge {
  name: string;
  help: string;
  /** The value for this channel, or null for no series. */
  value: (channel: ChannelView) => number | null;
}

const CHANNEL_GAUGES: readonly ChannelGauge[] = [
  {
    name: 'calypso_webhook_blocked',
    help: 'Whether Calypso has blocked the subscription after too many failed deliveries (1), else 0. Lift a block in the Calypso dashboard.',
    value: (channel) => (channel.blockedByErrorCount ? 1 : 0),
  },
  {
    name: 'calypso_webhook_enabled',
    help: 'Whether the subscription is enabled (1) or switched off (0).',
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
    help: 'When Calypso will block the failing subscription at its current failure rate; absent when no block is forecast within 30 minutes.',
    value: (channel) => seconds(channel.predictedBlockAt),
  },
  {
    name: 'calypso_webhook_certificate_expiry_timestamp_seconds',
    help: "When the TLS certificate of the subscription's https receiver expires; absent for http URLs and until checked.",
    value: (channel) =>
      channel.url.toLowerCase().startsWith('https:') ? seconds(channel.certificateExpiresAt) : null,
  },
];

interface LabelledChannel {
  /** profile, account, request_id and url: one object per channel and snapshot. */
  labels: Readonly<Record<string, string>>;
  channel: ChannelView;
}

// A profile's snapshot is immutable and kept while nothing changes: its labels are built once, not per scrape.
const labelled = new WeakMap<ProfileSnapshot, LabelledChannel[]>();

function labelledChannels({ profile, account, snapshot }: AccountState): LabelledChannel[] {
  let channels = labelled.get(snapshot);
  if (channels === undefined) {
    channels = snapshot.channels.map((channel) => ({
      labels: Object.freeze({ profile, account, request_id: channel.requestId, url: metricUrl(channel.url) }),
      channel,
    }));
    labelled.set(snapshot, channels);
  }
  return channels;
}

/**
 * Registers the account and subscription gauges, each built from the source at every scrape, so a
 * subscription deleted in Calypso or an account no longer watched leaves no stale series behind.
 */
export function registerWebhookMetrics(registry: Registry, source: WebhookMetricsSource): void {
  function* perAccount(value: (snapshot: ProfileSnapshot) => number | null): Iterable<GaugeSample> {
    for (const { profile, account, snapshot } of source.accounts()) {
      const v = value(snapshot);
      if (v !== null) yield { value: v, labels: { profile, account } };
    }
  }

  function* perChannel(
    value: (channel: ChannelView) => number | null,
    own: (channel: ChannelView) => Readonly<Record<string, string>> = () => NO_LABELS,
  ): Iterable<GaugeSample> {
    for (const state of source.accounts()) {
      for (const { labels, channel } of labelledChannels(state)) {
        const v = value(channel);
        if (v !== null) yield { value: v, labels: own(channel), shared: labels };
      }
    }
  }

  new SnapshotGauge({
    name: 'calypso_webhook_up',
    help: "Whether the account's last poll of Calypso's subscription list succeeded (1) or failed, a rate limit or refused credentials included (0); 0 until the first poll ends.",
    labelNames: ACCOUNT_LABELS,
    registry,
    samples: () =>
      perAccount((snapshot) => (snapshot.lastPollAt !== null && snapshot.lastError === null ? 1 : 0)),
  });
  new SnapshotGauge({
    name: 'calypso_webhook_last_poll_timestamp_seconds',
    help: "When the account's last poll ended, whatever its outcome (calypso_webhook_up tells which); absent before the first.",
    labelNames: ACCOUNT_LABELS,
    registry,
    samples: () => perAccount((snapshot) => seconds(snapshot.lastPollAt)),
  });
  new SnapshotGauge({
    name: 'calypso_webhook_health',
    help: 'The current state of each subscription (healthy, failing, blocked or disabled): one series per subscription, value 1.',
    labelNames: [...CHANNEL_LABELS, 'state'],
    registry,
    samples: () =>
      perChannel(
        () => 1,
        (channel) => STATE_LABELS[channel.health],
      ),
  });
  for (const spec of CHANNEL_GAUGES) {
    new SnapshotGauge({
      name: spec.name,
      help: spec.help,
      labelNames: CHANNEL_LABELS,
      registry,
      samples: () => perChannel(spec.value),
    });
  }
}
