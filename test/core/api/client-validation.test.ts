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
    ];
    for (const [name, attempt] of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error, name).toMatchObject({ kind: 'validation' });
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
    expect(readServerMessage('{"other":1}')).toBeUndefined();
    expect(readServerMessage('')).toBeUndefined();
    expect(readServerMessage('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>');
    const long = readServerMessage('x'.repeat(500));
    expect(long).toHaveLength(201);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('30', 0)).toBe(30_000);
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });
});
