import { afterEach, describe, expect, it } from 'vitest';
import { parseBlockRuleHeader } from '../../../main/core/api/block-rule-header';
import { closeRawServers, rawServer, rawServerClient } from '../../support/raw-http';

afterEach(closeRawServers);

const CALYPSO = { blockAfter: 100, windowMs: 600_000 };

describe('the blocking rule a list answer announces', () => {
  it('reads failures and window (seconds); anything unreadable is Calypso rule', () => {
    expect(parseBlockRuleHeader('failures=21; window=60')).toEqual({ blockAfter: 20, windowMs: 60_000 });
    expect(parseBlockRuleHeader('failures=5; window=1.5')).toEqual({ blockAfter: 4, windowMs: 1_500 });
    expect(parseBlockRuleHeader(' Window=600 ;FAILURES=101 ')).toEqual(CALYPSO);
    for (const bad of [
      undefined,
      '',
      'failures=21',
      'failures=0; window=60',
      'failures=2.5; window=60',
      'failures=21; window=0',
      'failures=21; window=-60',
    ]) {
      expect(parseBlockRuleHeader(bad)).toEqual(CALYPSO);
    }
  });

  it('reaches listIfChanged from the header on a real answer, and defaults without it', async () => {
    let header: string | null = 'failures=21; window=60';
    const server = await rawServer((_request, response) => {
      response.writeHead(200, {
        'Content-Type': 'application/json',
        ...(header === null ? {} : { 'X-Sandbox-Block-Rule': header }),
      });
      response.end(JSON.stringify({ subscriptions: [] }));
    });
    const client = rawServerClient(server.url, { maxListRetries: 0 });
    const first = await client.listIfChanged(null);
    expect(first.blockRule).toEqual({ blockAfter: 20, windowMs: 60_000 });
    header = null;
    expect((await client.listIfChanged(first.token)).blockRule).toEqual(CALYPSO);
  });
});
