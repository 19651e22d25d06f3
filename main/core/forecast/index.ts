export type { BlockRule } from '../../common/block-rule';
export { CALYPSO_BLOCK_RULE, describeRule, failuresThatBlock } from '../../common/block-rule';
export type { BlockForecast, FailureObservation, ForecastReason } from './forecast-block';
export { FORECAST_HORIZON_MS, MIN_FAILURES_FOR_RATE, forecastBlock } from './forecast-block';
export { describeForecast, describeLeadTime } from '../../common/forecast-text';
export {
  EVENT_LIFETIME_MS,
  LONG_FAILURE_MS,
  RETRY_COUNT,
  RETRY_GAPS_MS,
  eventLossAt,
  isLongFailure,
} from './retry-schedule';
export { parseUtcMs } from './utc-date';
