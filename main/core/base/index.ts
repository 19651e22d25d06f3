// The public entry of main/core/base: what the rest of main/ may use.
export { latestOnly } from './latest-only';
export { runQuitSteps } from './quit-steps';
export { realTimers, timerUntil, unrefTimers } from './timers';
export type { Timers } from './timers';
