import { describe, expect, it } from 'vitest';
import { accountIdWarning } from '../../../main/core/api/request-validation';
import { parseRetryAfter, readServerMessage } from '../../../main/core/api/response-errors';
import { sandboxClient, sandboxForTest } from '../../support/sandbox';

describe('input validation: nothing is sent', () => {
  it('refuses bad input with a validation error before any request', async () => {
    const sandbox = await sandboxForTest();
    const client = sandboxClient(sandbox);
    const attempts: [string, Promise<unknown>][] = [
      ['relative url', client.create({ url: '/webhooks', notificationServiceTypes: ['INVOICE'] })],
      ['ftp url', client.create({ url: 'ftp://shop.example/h', notificationServiceTypes: ['INVOICE'] })],
      ['no types', client.create({ url: 'https://shop.example/h' })],
      ['empty type', client.create({ url: 'https://shop.example/h', notificationEventTypes: [' '] })],
      ['empty requestId on change', client.change('', { enabled: false })],
      ['bad url on change', client.change('3b241101-e2bb-4255-8caf-4136c566a962', { url: 'nope' })],
      ['empty requestId on delete', client.delete('  ')],
      ['empty account', sandboxClient(sandbox, { account: ' ' }).list()],
      ['empty key', sandboxClient(sandbox, { apiKey: '' }).list()],
      ['empty secret', sandboxClient(sandbox, { apiSecret: '' }).regenerateKeys()],
      ['bad base url', sandboxClient(sandbox, { baseUrl: 'api.calypso.finance' }).list()],
      // The API paths would land inside the query or be cut off by the fragment.
      ['base url with a query', sandboxClient(sandbox, { baseUrl: `${sandbox.url}/?token=x` }).list()],
      ['base url with a fragment', sandboxClient(sandbox, { baseUrl: `${sandbox.url}/#top` }).list()],
      // Pasted with a zero-width space: Node would refuse the header on every request.
      ['key with an invisible character', sandboxClient(sandbox, { apiKey: 'key\u200b' }).list()],
    ];
    for (const [name, attempt] of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error, name).toMatchObject({ kind: 'validation' });
    }
    expect(sandbox.control.requests()).toEqual([]);
  });

  it('names what is wrong with a URL without echoing it: a token pasted into it stays unshown', async () => {
    const sandbox = await sandboxForTest();
    const token = 'sk_live_0123456789';
    for (const attempt of [
      sandboxClient(sandbox, { baseUrl: `api.calypso.finance/?t=${token}` }).list(),
      sandboxClient(sandbox, { baseUrl: `${sandbox.url}/?t=${token}` }).list(),
      sandboxClient(sandbox).create({
        url: `shop.example/h?t=${token}`,
        notificationServiceTypes: ['INVOICE'],
      }),
    ]) {
      const error = (await attempt.catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ kind: 'validation' });
      expect(error.message).not.toContain(token);
    }
    expect(sandbox.control.requests()).toEqual([]);
  });

  it('a change that would leave no type is refused after reading the current state', async () => {
    const sandbox = await sandboxForTest();
    const client = sandboxClient(sandbox);
    const created = await client.create({
      url: 'https://shop.example/h',
      notificationEventTypes: ['INVOICE_PAID'],
    });
    sandbox.control.clearRequests();
    const error = await client
      .change(created.requestId, { notificationEventTypes: [] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation' });
    expect(sandbox.control.requests().map((r) => r.path)).toEqual(['/api/v1/subscription/webhook']);
  });

  it('warns, without refusing, about account ids not in the 0x form', async () => {
    expect(accountIdWarning(`0x${'a'.repeat(40)}`)).toBeNull();
    expect(accountIdWarning('merchant-42')).toMatch(/0x followed by 40 hex/);
    const sandbox = await sandboxForTest({
      credentials: { apiKey: 'k', apiSecret: 's3cr3t-value', account: 'merchant-42' },
    });
    await expect(sandboxClient(sandbox).list()).resolves.toEqual([]);
  });
});

describe('reading error answers', () => {
  it('reads the server message from the usual JSON fields, else the start of the text', () => {
    expect(readServerMessage('{"message":"m"}')).toBe('m');
    expect(readServerMessage('{"error":"e"}')).toBe('e');
    expect(readServerMessage('{"errorMessage":"em"}')).toBe('em');
    expect(readServerMessage('{"description":"d"}')).toBe('d');
    expect(readServerMessage('{"detail":"dt"}')).toBe('dt');
    // Shapes other APIs use: a nested error object, a list of messages.
    expect(readServerMessage('{"error":{"code":"INVALID_SIGN","message":"Invalid signature"}}')).toBe(
      'Invalid signature',
    );
    expect(readServerMessage('{"message":["url must be a URL","enabled must be a boolean"]}')).toBe(
      'url must be a URL; enabled must be a boolean',
    );
    expect(readServerMessage('{"errors":[{"message":"a"},{"message":"b"}]}')).toBe('a; b');
    // JSON without a message field: the start of the body, as for text.
    expect(readServerMessage('{"code":"E42"}')).toBe('{"code":"E42"}');
    expect(readServerMessage('')).toBeUndefined();
    expect(readServerMessage('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>');
    const long = readServerMessage('x'.repeat(500));
    expect(long).toHaveLength(201);
  });

  it('removes secrets before cutting the preview, so no part of one shows', () => {
    const secret = 'S'.repeat(40);
    const body = `${'x'.repeat(190)}${secret}${'y'.repeat(100)}`;
    const shown = readServerMessage(body, [secret]);
    expect(shown).not.toContain('S');
    expect(shown).toBe(`${'x'.repeat(190)}[redacted]…`);
    expect(readServerMessage(JSON.stringify({ message: `bad key ${secret}` }), [secret])).toBe(
      'bad key [redacted]',
    );
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('30', 0)).toBe(30_000);
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    // Not a delay: Date.parse alone would read these as dates long past, i.e. "retry at once".
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('abc 7', now)).toBeUndefined();
    // An absurd figure is read as a day at most.
    expect(parseRetryAfter('1e21', now)).toBeUndefined();
    expect(parseRetryAfter('99999999999', now)).toBe(24 * 60 * 60_000);
  });
});
