import type { ErrorInfo, Result } from '../../../main/ipc/contract';

export type ActionStatus = 'idle' | 'busy' | 'done' | 'error';

/**
 * The progress of one user action (a button, a form). Every async action in the window goes
 * through `run`, so each one shows progress and ends in a clear success or the core's message.
 */
export class ActionState {
  status = $state<ActionStatus>('idle');
  message = $state('');
  error = $state<ErrorInfo | null>(null);

  get busy(): boolean {
    return this.status === 'busy';
  }

  /**
   * Runs `call`, showing `progress` while it runs. On success shows `success` (a text, or built from
   * the value) and resolves with the value; on failure shows the core's message and resolves undefined.
   */
  async run<T>(
    progress: string,
    call: () => Promise<Result<T>>,
    success: string | ((value: T) => string),
  ): Promise<T | undefined> {
    this.status = 'busy';
    this.message = progress;
    this.error = null;
    let result: Result<T>;
    try {
      result = await call();
    } catch (thrown) {
      // The bridge turns handler failures into Results; a throw means the bridge itself broke.
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      result = {
        ok: false,
        error: { kind: 'internal', message: `The app could not complete this: ${message}` },
      };
    }
    if (!result.ok && result.error.kind === 'cancelled') {
      // Declined in main's confirmation dialog: nothing changed, nothing to report.
      this.reset();
      return undefined;
    }
    if (result.ok) {
      this.status = 'done';
      this.message = typeof success === 'string' ? success : success(result.value);
      return result.value;
    }
    this.fail(result.error);
    return undefined;
  }

  /** Shows a success reached elsewhere (a form that closed after saving). */
  succeed(message: string): void {
    this.status = 'done';
    this.error = null;
    this.message = message;
  }

  /** Shows an error found before anything was sent (local validation). */
  fail(error: ErrorInfo): void {
    this.status = 'error';
    this.error = error;
    this.message = error.message;
  }

  reset(): void {
    this.status = 'idle';
    this.message = '';
    this.error = null;
  }
}
