import { AppError } from '../../common/errors';

/**
 * The largest offset the client will adopt from a `Date` header. A larger one means this computer's
 * clock is wrong (or the answer is hostile): signing with it would let a server pick our timestamps.
 */
export const MAX_CLOCK_OFFSET_MS = 15 * 60_000;

/** What one `Date` header taught: nothing usable, an offset now in use, or one too large to adopt. */
export type ClockReading =
  { type: 'none' } | { type: 'learned'; offsetMs: number } | { type: 'out-of-range'; offsetMs: number };

/**
 * The server's clock as this client knows it. Calypso accepts a timestamp only within 3 minutes of
 * its own clock, so the configured host's `Date` headers teach the offset, up to ±15 minutes.
 */
export class ServerClock {
  #offsetMs = 0;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Server time minus local time, in milliseconds (0 until a response has been seen). */
  offsetMs(): number {
    return this.#offsetMs;
  }

  /** The current time on the server's clock, as best known. */
  serverNow(): number {
    return this.#now() + this.#offsetMs;
  }

  /**
   * Learns from a `Date` header of the configured host. The header has whole-second resolution and
   * truncates, so the server's true time lies on average half a second later than the value it names.
   * An offset beyond MAX_CLOCK_OFFSET_MS is reported and not adopted.
   */
  learn(dateHeader: string | undefined): ClockReading {
    if (dateHeader === undefined) return { type: 'none' };
    const serverMs = Date.parse(dateHeader);
    if (Number.isNaN(serverMs)) return { type: 'none' };
    const offsetMs = serverMs + 500 - this.#now();
    if (Math.abs(offsetMs) > MAX_CLOCK_OFFSET_MS) return { type: 'out-of-range', offsetMs };
    this.#offsetMs = offsetMs;
    return { type: 'learned', offsetMs };
  }
}

function describeOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  return `${amount} ${offsetMs > 0 ? 'behind' : 'ahead of'}`;
}

/** The `clock` error: the system clock is too far from the server's for any signed request to pass. */
export function clockError(host: string, offsetMs: number): AppError {
  return new AppError(
    'clock',
    `This computer's clock is about ${describeOffset(offsetMs)} the clock of ${host}, more than the ${MAX_CLOCK_OFFSET_MS / 60_000} minutes Webhook Tray corrects by itself. Set the system clock right (turn on automatic date and time), then try again.`,
  );
}
