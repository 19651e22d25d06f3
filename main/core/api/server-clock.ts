/**
 * The server's clock as this client knows it. Calypso accepts a timestamp only within 3 minutes of
 * its own clock, so every response's `Date` header teaches the offset and timestamps use it.
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
   * Learns from a `Date` header. The header has whole-second resolution and truncates, so the
   * server's true time lies on average half a second later than the value it names.
   */
  learn(dateHeader: string | undefined): void {
    if (dateHeader === undefined) return;
    const serverMs = Date.parse(dateHeader);
    if (Number.isNaN(serverMs)) return;
    this.#offsetMs = serverMs + 500 - this.#now();
  }
}
