import { describe, expect, it } from 'vitest';
import { runQuitSteps } from '../../../main/core/base/quit-steps';

describe('quitting', () => {
  it('logs a step that throws or rejects, runs the others, and never rejects', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const done = runQuitSteps(
        [
          ['first', () => ran.push('first')],
          [
            'the tray',
            () => {
              throw new Error('tray gone');
            },
          ],
          ['the services', () => Promise.reject(new Error('disk full'))],
          ['last', () => ran.push('last')],
        ],
        (line) => lines.push(line),
      );
      await expect(done).resolves.toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(ran).toEqual(['first', 'last']);
      expect(lines).toEqual([
        'main: the tray failed while quitting: tray gone',
        'main: the services failed while quitting: disk full',
      ]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
