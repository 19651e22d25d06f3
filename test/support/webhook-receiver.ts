import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** A delivery as a test receiver got it. */
export interface CapturedDelivery {
  headers: Record<string, string>;
  body: string;
  /** When the receiver got it (Date.now(), real time). */
  receivedAtMs: number;
}

export interface TestReceiver {
  url: string;
  deliveries: CapturedDelivery[];
  /** The status the receiver answers with from now on. */
  setStatus(status: number): void;
  close(): Promise<void>;
}

const open = new Set<TestReceiver>();

afterEach(async () => {
  const receivers = [...open];
  open.clear();
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

/**
 * A real webhook receiver on 127.0.0.1 that records every delivery and answers with a status the
 * test switches; it closes itself after the current test.
 */
export async function receiverForTest(initialStatus = 200): Promise<TestReceiver> {
  let status = initialStatus;
  const deliveries: CapturedDelivery[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      deliveries.push({ headers, body: Buffer.concat(chunks).toString('utf8'), receivedAtMs: Date.now() });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: TestReceiver = {
    url: `http://127.0.0.1:${port}/webhooks/calypso`,
    deliveries,
    setStatus: (next) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  open.add(receiver);
  return receiver;
}
