import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../../main/core/base/latest-only';
import { FakeTime } from '../monitor/fake-time';

function setup(intervalMs = 250) {
  const time = new FakeTime();
  const delivered: { value: number; at: number }[] = [];
  const coalescer = latestOnly<number>(
    (value) => delivered.push({ value, at: time.now() }),
    intervalMs,
    time,
  );
  return { time, delivered, coalescer, start: time.now() };
}

describe('latestOnly', () => {
  it('hands a lone value on at once', () => {
    const { coalescer, delivered, start } = setup();
    coalescer.push(1);
    expect(delivered).toEqual([{ value: 1, at: start }]);
  });

  it('hands on the first of a burst at once and only the last of the rest when the interval ends', async () => {
    const { coalescer, delivered, time, start } = setup();
    for (let value = 1; value <= 1000; value += 1) coalescer.push(value);
    expect(delivered).toEqual([{ value: 1, at: start }]);
    await time.advance(249);
    expect(delivered).toHaveLength(1);
    await time.advance(1);
    expect(delivered).toEqual([
      { value: 1, at: start },
      { value: 1000, at: start + 250 },
    ]);
    // Nothing kept: the interval ends without a delivery, and the next value goes at once.
    await time.advance(250);
    expect(delivered).toHaveLength(2);
    coalescer.push(1001);
    expect(delivered.at(-1)).toEqual({ value: 1001, at: start + 500 });
  });

  it('a steady stream goes on once per interval, never starved', async () => {
    const { coalescer, delivered, time, start } = setup(100);
    for (let tick = 0; tick < 50; tick += 1) {
      coalescer.push(tick);
      await time.advance(10);
    }
    await time.advance(100);
    expect(delivered.map((d) => d.at - start)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(delivered.at(-1)?.value).toBe(49);
  });

  it('close drops what is kept and ignores later values', async () => {
    const { coalescer, delivered, time } = setup();
    coalescer.push(1);
    coalescer.push(2);
    coalescer.close();
    coalescer.push(3);
    await time.advance(1000);
    expect(delivered.map((d) => d.value)).toEqual([1]);
    expect(time.pending).toBe(0);
  });
});
