import { Agent, request } from 'node:http';
import { CALYPSO_PATHS, sign } from '../../../main/core/api';
import type { Credentials } from '../../../main/core/api';

/**
 * The floor for a poll: the same signed list request our client sends, over bare node:http with a
 * keep-alive agent, reading the body and nothing more (no parsing, no validation, no diff).
 */
export function rawList(credentials: Credentials, agent: Agent): Promise<number> {
  const body = JSON.stringify({ account: credentials.account, timestamp: Date.now() });
  return new Promise((resolve, reject) => {
    const req = request(
      `${credentials.baseUrl}${CALYPSO_PATHS.list}`,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Key: credentials.apiKey,
          Sign: sign(body, credentials.apiSecret),
          'User-Agent': 'webhook-tray-bench',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let size = 0;
        res.on('data', (chunk: Buffer) => (size += chunk.length));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(size) : reject(new Error(`raw list: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A keep-alive agent like Node's global one, so the floor pays no extra connection set-up. */
export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true });
}
