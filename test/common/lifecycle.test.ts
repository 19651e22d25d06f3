import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from '../../main/common/lifecycle';

describe('toDisposable', () => {
  it('releases once, however often it is disposed', () => {
    let released = 0;
    const disposable = toDisposable(() => (released += 1));
    expect(released).toBe(0);
    disposable.dispose();
    disposable.dispose();
    expect(released).toBe(1);
  });
});

describe('DisposableStore', () => {
  it('disposes what it holds, the last added first, and only once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('first')));
    store.add(toDisposable(() => order.push('second')));
    store.dispose();
    store.dispose();
    expect(order).toEqual(['second', 'first']);
    expect(store.isDisposed).toBe(true);
  });

  it('disposes at once what is added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    let released = false;
    const added = toDisposable(() => (released = true));
    expect(store.add(added)).toBe(added);
    expect(released).toBe(true);
  });

  it('clear() disposes the held items and stays usable', () => {
    const released: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => released.push('a')));
    store.clear();
    store.add(toDisposable(() => released.push('b')));
    expect(released).toEqual(['a']);
    expect(store.isDisposed).toBe(false);
    store.dispose();
    expect(released).toEqual(['a', 'b']);
  });

  it('disposes every item even when some throw, then throws what they threw', () => {
    const released: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => released.push('a')));
    store.add(
      toDisposable(() => {
        throw new Error('b failed');
      }),
    );
    store.add(toDisposable(() => released.push('c')));
    expect(() => store.dispose()).toThrow('b failed');
    expect(released).toEqual(['c', 'a']);

    const twice = new DisposableStore();
    for (const name of ['x', 'y']) {
      twice.add(
        toDisposable(() => {
          throw new Error(`${name} failed`);
        }),
      );
    }
    let thrown: unknown;
    try {
      twice.dispose();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AggregateError);
    expect((thrown as AggregateError).errors.map((error: Error) => error.message)).toEqual([
      'y failed',
      'x failed',
    ]);
  });
});
