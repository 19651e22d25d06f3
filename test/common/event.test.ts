import { describe, expect, it } from 'vitest';
import { Emitter } from '../../main/common/event';

describe('Emitter', () => {
  it('calls every listener with each fired value, in the order they subscribed', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    emitter.event((value) => seen.push(`a${value}`));
    emitter.event((value) => seen.push(`b${value}`));
    emitter.fire(1);
    emitter.fire(2);
    expect(seen).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('stops calling a listener once its subscription is disposed; the same function may subscribe twice', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    const listener = (value: string): void => void seen.push(value);
    const first = emitter.event(listener);
    const second = emitter.event(listener);
    emitter.fire('both');
    first.dispose();
    emitter.fire('one');
    second.dispose();
    emitter.fire('none');
    expect(seen).toEqual(['both', 'both', 'one']);
    expect(emitter.hasListeners).toBe(false);
  });

  it('isolates a listener that throws and reports it to the error callback', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>({ onListenerError: (error) => errors.push(error) });
    const seen: number[] = [];
    emitter.event(() => {
      throw new Error('broken listener');
    });
    emitter.event((value) => seen.push(value));
    emitter.fire(7);
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('broken listener');
  });

  it('reports an async listener that rejects, never leaving an unhandled rejection', async () => {
    const errors: unknown[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const emitter = new Emitter<number>({ onListenerError: (error) => errors.push(error) });
      const seen: number[] = [];
      emitter.event(async () => {
        await Promise.resolve();
        throw new Error('broken async listener');
      });
      emitter.event((value) => seen.push(value));
      emitter.fire(7);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual([7]);
      expect(errors.map((error) => (error as Error).message)).toEqual(['broken async listener']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a fire reaches the listeners of its start: one added meanwhile waits, one removed meanwhile is skipped', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    let late: { dispose(): void } | null = null;
    emitter.event((value) => {
      seen.push(`first${value}`);
      late ??= emitter.event((v) => seen.push(`late${v}`));
      removed.dispose();
    });
    const removed = emitter.event((value) => seen.push(`removed${value}`));
    emitter.fire(1);
    emitter.fire(2);
    expect(seen).toEqual(['first1', 'first2', 'late2']);
  });

  it('does nothing after dispose', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.event((value) => seen.push(value));
    emitter.dispose();
    emitter.fire(1);
    emitter.event((value) => seen.push(value)).dispose();
    emitter.fire(2);
    expect(seen).toEqual([]);
    expect(emitter.hasListeners).toBe(false);
  });
});
