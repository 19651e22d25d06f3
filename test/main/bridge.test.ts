import { describe, expect, it } from 'vitest';
import { invokeChannelNames, pushChannelNames } from '../../main/common/ipc-channels';
import { createBridge } from '../../main/preload/bridge';

describe('createBridge', () => {
  it('exposes one method per contract channel that invokes its channel name', async () => {
    const calls: [string, unknown][] = [];
    const api = createBridge(
      async (channel, request) => {
        calls.push([channel, request]);
        return { ok: true, value: channel };
      },
      () => () => undefined,
    );
    for (const [key, name] of Object.entries(invokeChannelNames)) {
      const method = (api as unknown as Record<string, (r?: unknown) => Promise<unknown>>)[key];
      expect(method, key).toBeTypeOf('function');
      await expect(method!({ probe: key })).resolves.toEqual({ ok: true, value: name });
    }
    expect(calls).toHaveLength(Object.keys(invokeChannelNames).length);
  });

  it('sends an empty object when a method is called without a request', async () => {
    let seen: unknown;
    const api = createBridge(
      async (_channel, request) => {
        seen = request;
        return { ok: true, value: null };
      },
      () => () => undefined,
    );
    await (api.listProfiles as unknown as () => Promise<unknown>)();
    expect(seen).toEqual({});
  });

  it('turns a transport failure into an error Result instead of rejecting', async () => {
    const api = createBridge(
      async () => {
        throw new Error('No handler registered');
      },
      () => () => undefined,
    );
    const result = await api.getSnapshot({});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('internal');
      expect(result.error.message).toContain('No handler registered');
    }
  });

  it('subscribes push events by name and returns the unsubscribe function', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const api = createBridge(
      async () => ({ ok: true, value: null }),
      (channel, listener) => {
        listeners.set(channel, listener);
        return () => listeners.delete(channel);
      },
    );
    const received: unknown[] = [];
    const off = api.on('navigate', (target) => received.push(target));
    listeners.get(pushChannelNames.navigate)!({ profileId: 'p', requestId: 'r' });
    expect(received).toEqual([{ profileId: 'p', requestId: 'r' }]);
    off();
    expect(listeners.has(pushChannelNames.navigate)).toBe(false);
  });

  it('refuses unknown push events and cannot be modified', () => {
    const api = createBridge(
      async () => ({ ok: true, value: null }),
      () => () => undefined,
    );
    expect(() => api.on('ipc' as 'snapshot', () => undefined)).toThrow(/unknown event/);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
