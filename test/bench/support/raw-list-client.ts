import { Agent, request } from 'node:http';
import type { Axios } from 'axios';
import { CALYPSO_PATHS, sign } from '../../../main/core/api';
import type { Credentials } from '../../../main/core/api';

/**
 * The floor for a poll: the same signed list request our client sends, over bare node:http with a
 * keep-alive agent, reading the body and nothing more (no parsing, no validation, no diff).
 */
/** The signed body and the headers of one list request, as the client builds them. */
export function signedList(credentials: Credentials): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ account: credentials.account, timestamp: Date.now() });
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Key: credentials.apiKey,
      Sign: sign(body, credentials.apiSecret),
      'User-Agent': 'webhook-tray-bench',
    },
  };
}

export function rawList(credentials: Credentials, agent: Agent): Promise<number> {
  const { body, headers } = signedList(credentials);
  return new Promise((resolve, reject) => {
    const req = request(
      `${credentials.baseUrl}${CALYPSO_PATHS.list}`,
      { method: 'POST', agent, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
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

/**
 * The same request through the client's axios instance and transport, and nothing else (no
 * deadline, no parsing, no validation): how much of a poll is axios and its transport.
 */
export async function axiosList(credentials: Credentials, http: Axios): Promise<number> {
  const { body, headers } = signedList(credentials);
  const response = await http.request<string>({
    method: 'POST',
    url: CALYPSO_PATHS.list,
    data: body,
    headers,
  });
  if (response.status !== 200) throw new Error(`axios list: HTTP ${response.status}`);
  return response.data.length;
}
