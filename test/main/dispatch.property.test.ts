import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '../../main/ipc/dispatch';
import { contract, type ChannelKey } from '../../main/ipc/contract';
import type { SenderInfo } from '../../main/ipc/sender-policy';
import { validExamples } from './contract-examples';
import { acceptable } from './ipc-oracle';

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

// The oracle is written by hand from the rules, never the contract's schema: a loosened or dropped
// limit in the schema makes the two disagree, and the test fails.
const isValid = (key: ChannelKey, payload: unknown) => acceptable(key, payload);

const EDGES = [0, 1, 100, 101, 200, 201, 500, 501, 2048, 2049, 4096, 4097];

/** Values at and just past the contract's limits, where a loosened limit shows. */
const boundary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...EDGES).map((n) => 'a'.repeat(n)),
  fc.constantFrom(...EDGES).map((n) => ` ${'a'.repeat(n)} `),
  fc.constantFrom(0, 1, 200, 201).map((n) => Array.from({ length: n }, () => 'T')),
  fc.constantFrom(0, 200, 201).map((n) => ['a'.repeat(n)]),
  fc.constantFrom(-1, 0, 1, 1.5, 500, 501, 3600, 3601, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom('2030-01-01T00:00:00Z', '2030-02-30T00:00:00Z', '2030-01-01', null, true),
);

/** Random payloads: anything at all, and near-misses of a valid request (some of which are valid). */
function randomPayloads(key: ChannelKey): fc.Arbitrary<unknown> {
  const base = validExamples[key] as Record<string, unknown>;
  const fields = Object.keys(base);
  const mutated = fc
    .record({
      field: fields.length > 0 ? fc.constantFrom(...fields) : fc.constant('x'),
      value: fc.oneof(fc.anything(), boundary),
      extra: fc.option(fc.tuple(fc.string(), fc.anything()), { nil: undefined }),
      drop: fc.boolean(),
    })
    .map(({ field, value, extra, drop }) => {
      const copy: Record<string, unknown> = { ...base };
      if (drop) delete copy[field];
      else copy[field] = value;
      // An own property even for "__proto__": an IPC payload is structured-cloned, never given a prototype.
      if (extra !== undefined) {
        Object.defineProperty(copy, extra[0], {
          value: extra[1],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    });
  return fc.oneof(fc.anything(), mutated);
}

/** Random payloads the contract refuses: every run of a property over these is an invalid one. */
function invalidPayloads(key: ChannelKey): fc.Arbitrary<unknown> {
  return randomPayloads(key).filter((payload) => !isValid(key, payload));
}

/** Mostly random payloads, some valid (the example itself, rarely): the gate must let those through. */
function mixedPayloads(key: ChannelKey): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: randomPayloads(key), weight: 9 },
    { arbitrary: fc.constant(validExamples[key]), weight: 1 },
  );
}

const INVALID_RUNS = 1000;

describe('dispatch: the IPC gate', () => {
  for (const key of channelKeys) {
    it(`${key}: ${INVALID_RUNS} random invalid payloads each get a validation error and never reach the handler`, async () => {
      const { handlers, calls } = recordingHandlers();
      const dispatch = createDispatch(handlers, (s) => s.webContentsId === ours.webContentsId);
      let invalidSent = 0;
      await fc.assert(
        fc.asyncProperty(invalidPayloads(key), async (payload) => {
          invalidSent++;
          const result = await dispatch(key, payload, ours);
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.kind).toBe('validation');
            expect(result.error.message).toMatch(/^Invalid request: /);
          }
        }),
        { numRuns: INVALID_RUNS },
      );
      expect(invalidSent).toBe(INVALID_RUNS);
      expect(calls).toEqual([]);
    });

    it(`${key}: of mixed payloads, exactly the valid ones reach the handler`, async () => {
      const { handlers, calls } = recordingHandlers();
      const dispatch = createDispatch(handlers, (s) => s.webContentsId === ours.webContentsId);
      let validSeen = 0;
      await fc.assert(
        fc.asyncProperty(mixedPayloads(key), async (payload) => {
          calls.length = 0;
          const valid = isValid(key, payload);
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
        { numRuns: 300 },
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
