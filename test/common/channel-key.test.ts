import { describe, expect, it } from 'vitest';
import { channelKey, parseChannelKey } from '../../main/common/channel-key';

describe('channel keys', () => {
  it('join a profile id and a request id', () => {
    expect(channelKey('live', '5d0c7a1e-2b64-4f0a-9c3e-7a1b2c3d4e01')).toBe(
      'live/5d0c7a1e-2b64-4f0a-9c3e-7a1b2c3d4e01',
    );
  });

  it('split back into the parts, and read a bare profile id as an account-wide key', () => {
    expect(parseChannelKey('live/5d0c7a1e')).toEqual({ profileId: 'live', requestId: '5d0c7a1e' });
    expect(parseChannelKey('live')).toEqual({ profileId: 'live', requestId: null });
  });
});
