import { toDisposable, type Disposable } from './lifecycle';

/** Subscribes a listener; disposing the result unsubscribes it. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

export interface EmitterOptions {
  /** Receives what a listener threw; the other listeners are called all the same. */
  onListenerError?: (error: unknown) => void;
}

interface Subscription<T> {
  listener: (value: T) => void;
  active: boolean;
}

/**
 * A value source with many listeners: its owner calls `fire`, others subscribe through `event`.
 * A listener that throws (or an async one that rejects) never keeps the others from being called.
 */
export class Emitter<T> implements Disposable {
  readonly #onListenerError: (error: unknown) => void;
  // Replaced, never changed: a fire goes through the listeners of its start, whoever (un)subscribes meanwhile.
  #subscriptions: readonly Subscription<T>[] = [];
  #disposed = false;

  constructor(options: EmitterOptions = {}) {
    this.#onListenerError =
      options.onListenerError ?? ((error) => console.error('event: a listener failed', error));
  }

  /** Subscribes to the values fired from now on. A listener unsubscribed during a fire is not called. */
  readonly event: Event<T> = (listener) => {
    if (this.#disposed) return toDisposable(() => undefined);
    const subscription: Subscription<T> = { listener, active: true };
    this.#subscriptions = [...this.#subscriptions, subscription];
    return toDisposable(() => {
      subscription.active = false;
      this.#subscriptions = this.#subscriptions.filter((other) => other !== subscription);
    });
  };

  get hasListeners(): boolean {
    return this.#subscriptions.length > 0;
  }

  /** Calls every listener with `value`, in the order they subscribed. */
  fire(value: T): void {
    for (const subscription of this.#subscriptions) {
      if (!subscription.active) continue;
      try {
        // An async listener returns a promise: its failure is reported too, never left unhandled.
        const result: unknown = subscription.listener(value);
        if (result instanceof Promise) result.catch(this.#onListenerError);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** Drops every listener; later subscriptions and fires do nothing. */
  dispose(): void {
    this.#disposed = true;
    for (const subscription of this.#subscriptions) subscription.active = false;
    this.#subscriptions = [];
  }
}
