/** One step of shutting down: a name for the log, and the work (sync or async). */
export type QuitStep = readonly [name: string, run: () => unknown];

/**
 * Runs the steps of quitting in order. A step that throws or rejects is logged and the next ones
 * still run; the result never rejects, so the app always reaches its exit and no rejection goes
 * unhandled on the way out.
 */
export async function runQuitSteps(steps: readonly QuitStep[], log: (line: string) => void): Promise<void> {
  for (const [name, run] of steps) {
    try {
      await run();
    } catch (error) {
      log(`main: ${name} failed while quitting: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
