/**
 * Resolves on the first SIGINT or SIGTERM, then stops listening for them: the long-running
 * commands (`watch`, `exporter`) end cleanly, exit 0, instead of being killed.
 */
export function untilSignal(): { stopped: Promise<NodeJS.Signals>; dispose: () => void } {
  let dispose = (): void => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => resolve(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    dispose = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  });
  return { stopped, dispose };
}
