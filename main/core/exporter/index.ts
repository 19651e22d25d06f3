// The public entry of main/core/exporter: the Prometheus exporter of the `exporter` command.
export { startExporter, type ExporterAccount, type ExporterOptions, type RunningExporter } from './exporter';
export { DEFAULT_LISTEN, parseListenAddress, type ListenAddress } from './listen-address';
export { metricUrl } from './metric-url';
export { API_OUTCOMES, outcomeOfError, type ApiOutcome } from './api-outcome';
export { loadAccountsFile, type FileAccount } from './accounts-file';
