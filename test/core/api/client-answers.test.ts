import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../main/common/errors';
import type { RunningSandbox } from '../../../main/core/sandbox/types';
import { closeRawServers, failure, rawServer, rawServerClient } from '../../support/raw-http';
import { sandboxClient, sandboxForTest } from '../../support/sandbox';

afterEach(closeRawServers);

function expectNoSecrets(sandbox: RunningSandbox, error: AppError): void {
  const text = JSON.stringify({ message: error.message, info: error.toInfo() });
  expect(text).not.toContain(sandbox.credentials.apiSecret);
  for (const subscription of sandbox.control.subscriptions())
    expect(text).not.toContain(subscription.secretKey);
}

describe('answers the client cannot read', () => {
  it('malformed JSON is a bad-response, not a crash', async () => {
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
    sandbox.control.injectFault({ body: 'malformed' });
    const error = await failure(sandboxClient(sandbox).list());
    expect(error).toMatchObject({ kind: 'bad-response', status: 200 });
    expect(error.message).toContain('not valid JSON');
    expectNoSecrets(sandbox, error);
    expect(sandbox.control.requests()).toHaveLength(1);
  });

  it('wrong field types are a bad-response naming the path', async () => {
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
    sandbox.control.injectFault({ body: 'wrong-types' });
    const error = await failure(sandboxClient(sandbox).list());
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('subscriptions[0].enabled: expected boolean;');
    expect(error.message).toContain('subscriptions[0].errorCount: expected number;');
    expectNoSecrets(sandbox, error);
  });

  it('a missing required field is named as missing, a wrong one as wrong', async () => {
    const server = await rawServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({ subscriptions: [{ url: 'https://a.example', enabled: 'yes', errorCount: -1 }] }),
      );
    });
    const error = await failure(rawServerClient(server.url, { maxListRetries: 0 }).list());
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('subscriptions[0].requestId: expected string, missing;');
    expect(error.message).toContain('subscriptions[0].enabled: expected boolean;');
    expect(error.message).toMatch(/subscriptions\[0\]\.errorCount: [^;]*>=0/);
    expect(error.message).not.toContain('yes');
  });

  it('wrong types on an empty list and on a created channel are bad-responses too', async () => {
    const sandbox = await sandboxForTest();
    sandbox.control.injectFault({ body: 'wrong-types' });
    const listError = await failure(sandboxClient(sandbox).list());
    expect(listError.message).toContain('subscriptions: expected array');
    sandbox.control.injectFault({ body: 'wrong-types' });
    const createError = await failure(
      sandboxClient(sandbox).create({ url: 'https://a.example', notificationServiceTypes: ['INVOICE'] }),
    );
    expect(createError.message).toContain('errorCount: expected number');
  });

  it("the docs' minimal list example without health fields reads with the documented defaults", async () => {
    const sandbox = await sandboxForTest({ seed: 'demo', deliveryIntervalMs: null });
    sandbox.control.injectFault({ body: 'minimal-example' });
    const channels = await sandboxClient(sandbox).list();
    expect(channels).toHaveLength(3);
    for (const channel of channels) {
      expect(channel).toMatchObject({
        enabled: true,
        blockedByErrorCount: false,
        errorCount: 0,
        errorFirstDate: null,
        errorLastDate: null,
      });
      expect(channel.publicKey).not.toBe('');
    }
    expect(channels[2]?.notificationServiceTypes).toEqual([]);
  });
});
