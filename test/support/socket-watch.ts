import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

/**
 * Runs `fn` and returns the hosts of the client sockets this process opened meanwhile. Each one is
 * stopped before it resolves or connects (a public diagnostics channel, independent of the code
 * under test), so a broken check shows up here without sending anything anywhere.
 */
export async function socketsOpenedDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const hosts: string[] = [];
  const stop = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    socket.connect = ((...args: unknown[]) => {
      const normalized = args[0] as [{ host?: string; path?: string }] | undefined;
      hosts.push(normalized?.[0]?.host ?? normalized?.[0]?.path ?? '?');
      process.nextTick(() => socket.destroy(new Error('stopped by the test before connecting')));
      return socket;
    }) as Socket['connect'];
  };
  diagnostics.subscribe('net.client.socket', stop);
  try {
    await fn();
  } finally {
    diagnostics.unsubscribe('net.client.socket', stop);
  }
  return hosts;
}
