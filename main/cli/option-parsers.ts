import { InvalidArgumentError, Option } from 'commander';
import { INTERVAL_LIMITS_SEC, isValidIntervalSec } from '../common/intervals';

/** Collects a repeatable option (`--event A --event B`) into a list. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A commander argument parser for an integer within bounds; a bad value is a usage error (exit 2). */
export function integerIn(min: number, max: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^\s*-?\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return value;
  };
}

/** A commander argument parser for a positive number of seconds, returned in milliseconds. */
export function secondsAsMs(max: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max) {
      throw new InvalidArgumentError(`expected a number of seconds above 0, at most ${max}.`);
    }
    return Math.round(value * 1000);
  };
}

/** A poll interval: whole seconds within the app's interval limits, as milliseconds. */
export function intervalSeconds(raw: string): number {
  const seconds = Number(raw);
  if (raw.trim() === '' || !isValidIntervalSec(seconds)) {
    throw new InvalidArgumentError(
      `expected a whole number of seconds from ${INTERVAL_LIMITS_SEC.min} to ${INTERVAL_LIMITS_SEC.max}.`,
    );
  }
  return seconds * 1000;
}

/** The monitor's poll intervals when no flag gives them, in milliseconds. */
export const DEFAULT_POLL_INTERVALS_MS = { normal: 60_000, fast: 15_000 } as const;

/**
 * `--interval` and `--fast-interval` of the commands that run the monitor (watch, exporter), parsed
 * to milliseconds; `whose` names the webhooks the monitor watches (" of an account"). The defaults
 * are shown in seconds, the flag's unit, not as the milliseconds they parse to.
 */
export function pollIntervalOptions(whose = ''): [Option, Option] {
  return [
    new Option('--interval <seconds>', `poll interval while every webhook${whose} is healthy`)
      .argParser(intervalSeconds)
      .default(DEFAULT_POLL_INTERVALS_MS.normal, String(DEFAULT_POLL_INTERVALS_MS.normal / 1000)),
    new Option('--fast-interval <seconds>', `poll interval while a webhook${whose} is failing`)
      .argParser(intervalSeconds)
      .default(DEFAULT_POLL_INTERVALS_MS.fast, String(DEFAULT_POLL_INTERVALS_MS.fast / 1000)),
  ];
}
