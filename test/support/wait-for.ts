/**
 * Polls `probe` every 20 ms until it returns a value that is not undefined, null or false, and
 * resolves with that value; rejects after `timeoutMs` naming `what`, followed by `detail()` when
 * given (a child's stderr, say), so a timed-out end-to-end test says what it saw.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false,
  options: { timeoutMs?: number; detail?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${options.detail?.() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
