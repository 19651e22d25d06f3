/**
 * Runs `run` in a task of the given priority once the next frame has been painted: a
 * requestAnimationFrame callback runs just before that frame's style, layout and paint, and a task
 * posted from it runs after them. Work scheduled this way never delays the frame the merchant is
 * waiting for; at `background` priority it also yields to input, IPC replies and ordinary tasks.
 * Returns a function that cancels it.
 */
export function afterNextPaint(run: () => void, priority: TaskPriority = 'user-visible'): () => void {
  const controller = new TaskController({ priority });
  const frame = requestAnimationFrame(() => {
    scheduler.postTask(run, { signal: controller.signal }).catch(ignoreAbort);
  });
  return () => {
    cancelAnimationFrame(frame);
    controller.abort();
  };
}

/** Runs `run` in a background-priority task: after input, IPC replies and ordinary tasks. Returns a function that cancels it. */
export function inBackground(run: () => void): () => void {
  const controller = new TaskController({ priority: 'background' });
  scheduler.postTask(run, { signal: controller.signal }).catch(ignoreAbort);
  return () => controller.abort();
}

/** A cancelled task rejects its promise with an AbortError, which is no error; anything `run` threw still surfaces. */
function ignoreAbort(error: unknown): void {
  if (!(error instanceof DOMException && error.name === 'AbortError')) throw error;
}
