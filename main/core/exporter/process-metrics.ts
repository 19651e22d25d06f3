import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';

/**
 * prom-client's process and Node.js metrics, less the gauges named `..._total`: Prometheus keeps
 * that suffix for counters and `promtool check metrics` refuses them. What they count is the sum
 * of their labelled siblings (e.g. `sum(nodejs_active_handles)`).
 */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const { name } of registry.getMetricsAsArray()) {
    const gauge = registry.getSingleMetric(name) instanceof Gauge;
    if (gauge && name.endsWith('_total')) registry.removeSingleMetric(name);
  }
}
