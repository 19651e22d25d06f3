import { Gauge, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';

/** One series: its own labels, plus labels shared by every series of one subscription. */
export interface GaugeSample {
  value: number;
  labels: Readonly<Record<string, string>>;
  /** The same object at every scrape while the subscription is unchanged. */
  shared?: Readonly<Record<string, string>>;
}

export interface SnapshotGaugeConfig {
  name: string;
  help: string;
  labelNames: readonly string[];
  registry: Registry;
  /** The series as they are now, read at each scrape. */
  samples: () => Iterable<GaugeSample>;
}

/**
 * A gauge whose series are read from the current state at each scrape instead of being set and
 * kept: nothing outlives what it describes. The shared labels ride in prom-client's `sharedLabels`
 * (how its own histograms pass `le`), which it formats once per object, not once per scrape: a
 * scrape of thousands of subscriptions then mostly joins strings already made.
 */
export class SnapshotGauge extends Gauge<string> {
  readonly #samples: () => Iterable<GaugeSample>;

  constructor(config: SnapshotGaugeConfig) {
    super({
      name: config.name,
      help: config.help,
      labelNames: config.labelNames,
      registers: [config.registry],
    });
    this.#samples = config.samples;
  }

  override async get(): Promise<MetricObjectWithValues<MetricValue<string>>> {
    // Name, help, type and aggregator as prom-client writes them; the values are ours.
    const metric = await super.get();
    const values: MetricValue<string>[] = [];
    for (const sample of this.#samples()) {
      const value: MetricValue<string> & { sharedLabels?: GaugeSample['shared'] } = {
        value: sample.value,
        labels: sample.labels,
      };
      if (sample.shared !== undefined) value.sharedLabels = sample.shared;
      values.push(value);
    }
    return { ...metric, values };
  }
}
