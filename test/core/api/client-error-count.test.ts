import { afterEach, describe, expect, it } from 'vitest';
import { closeRawServers, failure, rawServer, rawServerClient } from '../../support/raw-http';

afterEach(closeRawServers);

/** A loopback server answering every list with one subscription whose errorCount is `literal`, byte for byte. */
async function listWithErrorCount(literal: string) {
  const server = await rawServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(`{"subscriptions":[{"requestId":"r1","url":"https://a.example","errorCount":${literal}}]}`);
  });
  return rawServerClient(server.url, { maxListRetries: 0 }).list();
}

describe('errorCount beyond a safe integer', () => {
  // 2^53 - 1 is the largest integer a JavaScript number holds exactly (written out, not computed).
  it('accepts the largest safe integer, as a number and as a string', async () => {
    await expect(listWithErrorCount('9007199254740991')).resolves.toMatchObject([
      { errorCount: 9007199254740991 },
    ]);
    await expect(listWithErrorCount('"9007199254740991"')).resolves.toMatchObject([
      { errorCount: 9007199254740991 },
    ]);
  });

  it.each([
    ['a number one past it', '9007199254740993'],
    ['a huge number', '1e300'],
    ['a numeric string one past it', '"9007199254740993"'],
    ['a numeric string that reads as Infinity', `"${'9'.repeat(400)}"`],
    ['a fraction', '1.5'],
  ])('refuses %s as a bad-response naming the field', async (_label, literal) => {
    const error = await failure(listWithErrorCount(literal));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain(
      'subscriptions[0].errorCount: expected a whole number >=0 and <=9007199254740991',
    );
  });

  it('refuses a number JSON itself reads as Infinity', async () => {
    const error = await failure(listWithErrorCount('1e400'));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('subscriptions[0].errorCount: expected number');
  });
});
