/** Something that holds a resource (a listener, a timer, a handle) until `dispose()` releases it. */
export interface Disposable {
  dispose(): void;
}

/** A Disposable that runs `release` on its first `dispose()` and ignores the later ones. */
export function toDisposable(release: () => void): Disposable {
  let disposed = false;
  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      release();
    },
  };
}

/** Disposes each of `items`, all of them even when some throw; then throws what they threw. */
function disposeAll(items: readonly Disposable[]): void {
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      item.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposers failed`);
}

/**
 * Holds the disposables of one owner and releases them together, the last added first (what was
 * made later may rely on what was made earlier). Disposing twice is harmless.
 */
export class DisposableStore implements Disposable {
  #items: Disposable[] = [];
  #disposed = false;

  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** Keeps `item` until the store is cleared or disposed; a disposed store disposes it at once. */
  add<T extends Disposable>(item: T): T {
    if (this.#disposed) {
      item.dispose();
      return item;
    }
    this.#items.push(item);
    return item;
  }

  /** Disposes what the store holds and keeps the store usable. */
  clear(): void {
    const items = this.#items.reverse();
    this.#items = [];
    disposeAll(items);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.clear();
  }
}
