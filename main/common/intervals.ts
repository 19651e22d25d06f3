/**
 * How often the monitor may poll, in whole seconds, for the normal and the fast (while failing)
 * interval alike: one range for the window's settings, the settings file and the CLI.
 */
export const INTERVAL_LIMITS_SEC = { min: 1, max: 3600 } as const;

export const DEFAULT_INTERVALS_SEC = { normal: 60, fast: 15 } as const;

/** Whether `seconds` is a whole number of seconds within the limits. */
export function isValidIntervalSec(seconds: number): boolean {
  return (
    Number.isInteger(seconds) && seconds >= INTERVAL_LIMITS_SEC.min && seconds <= INTERVAL_LIMITS_SEC.max
  );
}
