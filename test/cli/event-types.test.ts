/**
 * Event types and service groups typed on the command line: an unknown one is refused with a
 * suggestion (exit 2, nothing sent) unless --allow-unknown-event; `change` checks only what was typed,
 * never the types it carries over from the subscription.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../main/core/api/channel';
import type { RunningSandbox } from '../../main/core/sandbox';
import { json, runCli, startCliSandbox } from './cli-harness';

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => ({ sandbox, env } = await startCliSandbox()));

afterAll(() => sandbox.close());

beforeEach(() => {
  sandbox.control.clearRequests();
});

const cli = (args: string[]) => runCli(args, { env });
const apiRequests = () => sandbox.control.requests().filter((r) => r.path.startsWith('/api/'));
const create = ['create', '--url', 'https://shop.example/hooks'];

describe('create', () => {
  it.each([
    [['--event', 'INVOICE_PAYED'], 'Did you mean --event INVOICE_PAID?'],
    [['--event', 'invoice_paid'], 'Did you mean --event INVOICE_PAID?'],
    [['--event', 'PAYOUT_CONFIRMD'], 'Did you mean --event PAYOUT_CONFIRMED?'],
    [['--event', 'INVOICE'], 'INVOICE is a service group: use --service INVOICE.'],
    [['--service', 'PAYOUTS'], 'Did you mean --service PAYOUT?'],
    [['--service', 'INVOICE_PAID'], 'INVOICE_PAID is an event type: use --event INVOICE_PAID.'],
    [['--event', 'SOMETHING_ELSE'], 'Known event types: INVOICE_CREATE_INVOICE,'],
  ])('refuses %j with a suggestion, exit 2, nothing sent', async (types, suggestion) => {
    const result = await cli([...create, ...types]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(suggestion);
    expect(result.stderr).toContain('pass --allow-unknown-event');
    expect(apiRequests()).toEqual([]);
    const asJson = await cli([...create, ...types, '--json']);
    expect(json(asJson)).toEqual({
      error: { kind: 'validation', message: expect.stringContaining(suggestion), status: null },
    });
  });

  it('sends an unknown type with --allow-unknown-event, warning about it', async () => {
    const result = await cli([
      ...create,
      '--event',
      'INVOICE_FUTURE_THING',
      '--service',
      'STAKING',
      '--allow-unknown-event',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(json<{ subscription: Channel }>(result).subscription).toMatchObject({
      notificationEventTypes: ['INVOICE_FUTURE_THING'],
      notificationServiceTypes: ['STAKING'],
    });
    expect(result.stderr).toContain(
      '"INVOICE_FUTURE_THING" is not a known Calypso event type; sending it anyway',
    );
    expect(result.stderr).toContain('"STAKING" is not a known Calypso service group; sending it anyway');
  });

  it('sends known types without a word', async () => {
    const result = await cli([...create, '--event', 'INVOICE_PAID', '--service', 'PAYOUT']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('warning');
  });
});

describe('change', () => {
  it('refuses an unknown type typed with --event, and accepts it with --allow-unknown-event', async () => {
    const { requestId } = sandbox.control.addSubscription({
      url: 'https://shop.example/c',
      notificationEventTypes: ['INVOICE_PAID'],
    });
    sandbox.control.clearRequests();
    const refused = await cli(['change', '--id', requestId, '--event', 'INVOICE_PAYED']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Did you mean --event INVOICE_PAID?');
    expect(apiRequests()).toEqual([]);

    const allowed = await cli([
      'change',
      '--id',
      requestId,
      '--event',
      'INVOICE_PAYED',
      '--allow-unknown-event',
    ]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(
      sandbox.control.subscriptions().find((s) => s.requestId === requestId)?.notificationEventTypes,
    ).toEqual(['INVOICE_PAYED']);
  });

  it('never checks the types it carries over from the subscription', async () => {
    // Types Calypso added after this CLI's list was written, already on the subscription.
    const { requestId } = sandbox.control.addSubscription({
      url: 'https://shop.example/newer',
      notificationEventTypes: ['INVOICE_NEWER_EVENT'],
      notificationServiceTypes: ['NEWER_GROUP'],
    });
    sandbox.control.clearRequests();
    const result = await cli(['change', '--id', requestId, '--disable']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('warning');
    const sent = apiRequests().filter((r) => r.path === '/api/v1/subscription/webhook/change');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body).payload).toMatchObject({
      notificationEventTypes: ['INVOICE_NEWER_EVENT'],
      notificationServiceTypes: ['NEWER_GROUP'],
      enabled: false,
    });
  });
});
