import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { contract, type ChannelKey } from '../../main/ipc/contract';
import type { SenderInfo } from '../../main/ipc/sender-policy';
import { validExamples } from './contract-examples';

const ours: SenderInfo = { webContentsId: 1, isMainFrame: true, url: 'file:///app/out/renderer/index.html' };
const foreign: SenderInfo = { webContentsId: 2, isMainFrame: true, url: 'https://evil.example/' };
const channelKeys = Object.keys(contract) as ChannelKey[];

/** Handlers that only record that they ran: this test is about the gate in front of them. */
function recordingHandlers(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    channelKeys.map((key) => [
      key,
      async () => {
        calls.push(key);
        return { ok: true, value: null };
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

/** Random payloads: anything at all, and near-misses of a valid request. */
function payloads(key: ChannelKey): fc.Arbitrary<unknown> {
  const base = validExamples[key] as Record<string, unknown>;
  const fields = Object.keys(base);
  const mutated = fc
    .record({
      field: fields.length > 0 ? fc.constantFrom(...fields) : fc.constant('x'),
      value: fc.anything(),
      extra: fc.option(fc.tuple(fc.string(), fc.anything()), { nil: undefined }),
      drop: fc.boolean(),
    })
    .map(({ field, value, extra, drop }) => {
      const copy: Record<string, unknown> = { ...base };
      if (drop) delete copy[field];
      else copy[field] = value;
      if (extra !== undefined) copy[extra[0]] = extra[1];
      return copy;
    });
  return fc.oneof(fc.anything(), mutated, fc.constant(base));
}

describe('dispatch: the IPC gate', () => {
  for (const key of channelKeys) {
    it(`${key}: every invalid payload gets a validation error and never reaches the handler`, async () => {
      const { handlers, calls } = recordingHandlers();
      const dispatch = createDispatch(handlers, (s) => s.webContentsId === ours.webContentsId);
      let validSeen = 0;
      await fc.assert(
        fc.asyncProperty(payloads(key), async (payload) => {
          calls.length = 0;
          const valid = contract[key].request.safeParse(payload).success;
          const result = await dispatch(key, payload, ours);
          if (valid) {
            validSeen++;
            expect(calls).toEqual([key]);
            expect(result.ok).toBe(true);
          } else {
            expect(calls).toEqual([]);
            expect(result.ok).toBe(false);
            if (!result.ok) {
              expect(result.error.kind).toBe('validation');
              expect(result.error.message).toMatch(/^Invalid request: /);
            }
          }
        }),
        { numRuns: 1000 },
      );
      expect(validSeen).toBeGreaterThan(0);
    });
  }

  it('refuses every call from a foreign sender, valid or not, before validation', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatch(handlers, (s) => s.webContentsId === ours.webContentsId);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channelKeys), fc.boolean(), async (key, validPayload) => {
        const payload = validPayload ? validExamples[key] : { junk: true };
        const result = await dispatch(key, payload, foreign);
        expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind: 'rejected' }) });
      }),
      { numRuns: 200 },
    );
    expect(calls).toEqual([]);
  });

  it('answers an unknown channel with a validation error', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatch(handlers, () => true);
    for (const key of ['__proto__', 'constructor', 'toString', 'wt:profiles:list', 'nope']) {
      const result = await dispatch(key, {}, ours);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('validation');
    }
    expect(calls).toEqual([]);
  });

  it('turns a handler that throws into an error Result', async () => {
    const { handlers } = recordingHandlers();
    handlers.getSnapshot = async () => {
      throw new Error('boom');
    };
    const dispatch = createDispatch(handlers, () => true);
    const result = await dispatch('getSnapshot', {}, ours);
    expect(result).toEqual({ ok: false, error: { kind: 'internal', message: 'Unexpected error: boom' } });
  });
});
