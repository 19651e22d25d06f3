import { describe, expect, it } from 'vitest';
import { invokeChannelNames, pushChannelNames } from '../../main/common/ipc-channels';
import { contract, pushChannels } from '../../main/ipc/contract';

describe('channel-names (the preload copy of the contract names)', () => {
  it('lists exactly the contract channels with the same names', () => {
    const fromContract = Object.fromEntries(Object.entries(contract).map(([key, c]) => [key, c.name]));
    expect(invokeChannelNames).toEqual(fromContract);
  });

  it('lists exactly the push channels', () => {
    expect(pushChannelNames).toEqual(pushChannels);
  });

  it('uses unique, prefixed names', () => {
    const names = [...Object.values(invokeChannelNames), ...Object.values(pushChannelNames)];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^wt:[a-z-]+:[a-z-]+$/);
  });
});
