import { describe, expect, it } from 'vitest';
import { certificateTargets } from '../../../main/core/certificates';
import { channel, profile, snapshot } from '../../main/snapshots';

describe('certificate targets', () => {
  it('takes the https webhooks of every profile, each with its account’s address rule', () => {
    const shop = profile('shop', 'ok', [
      { ...channel('a', 'healthy'), url: 'https://shop.example/a' },
      { ...channel('b', 'healthy'), url: 'http://shop.example/b' },
    ]);
    const sandbox = profile('sandbox', 'ok', [
      { ...channel('c', 'failing'), url: 'HTTPS://127.0.0.1:9443/c' },
    ]);
    const targets = certificateTargets(
      snapshot('warning', [shop, sandbox]),
      (profileId) => profileId === 'sandbox',
    );
    expect(targets).toEqual([
      { profileId: 'shop', requestId: 'a', url: 'https://shop.example/a', allowPrivateAddresses: false },
      { profileId: 'sandbox', requestId: 'c', url: 'HTTPS://127.0.0.1:9443/c', allowPrivateAddresses: true },
    ]);
  });
});
