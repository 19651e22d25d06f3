import type { CalypsoClient } from '../core/api';

export interface RetryReport {
  /** The client's `log` option: receives one line per retry. */
  log(line: string): void;
  /** The client, with each successful call ending the outage, so the next retry is printed again. */
  watch(client: CalypsoClient): CalypsoClient;
}

/**
 * Prints the API client's retries: every one with --verbose, else only the first of an outage (the
 * retries until a call succeeds), so a long outage under `watch` does not fill the terminal.
 */
export function createRetryReport(print: (line: string) => void, verbose: boolean): RetryReport {
  let inOutage = false;
  return {
    log(line) {
      if (verbose) {
        print(line);
        return;
      }
      if (inOutage) return;
      inOutage = true;
      print(`${line.replace(/^calypso-client: /, '')} (--verbose shows every retry)`);
    },
    watch(client) {
      const watched: Record<string, unknown> = { ...client };
      for (const [key, value] of Object.entries(client)) {
        if (typeof value !== 'function') continue;
        watched[key] = (...args: unknown[]): unknown => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(client, args);
          if (!(result instanceof Promise)) return result;
          return result.then((settled: unknown) => {
            inOutage = false;
            return settled;
          });
        };
      }
      return watched as unknown as CalypsoClient;
    },
  };
}
