import { describe, expect, it } from 'vitest';
import { sign, verifySignature } from '../../../main/core/api/signing';

describe('signing', () => {
  it('reproduces the documented test vector', () => {
    expect(sign('{"timestamp":1}', 'b823a6b9ea72408583cef9ec8d67fa52')).toBe(
      'b16e9d45f49f2069becbc4f108b237bee588cfc353fe9501df103e692acbc68d482a10d34c12bea22fedde7e28e1b8e57a6a0a373b0e9a27c5257bd8b36e13b9',
    );
  });

  it('verifies its own signatures and refuses altered bodies and garbage', () => {
    const signature = sign('{"timestamp":2}', 'secret');
    expect(verifySignature('{"timestamp":2}', 'secret', signature)).toBe(true);
    expect(verifySignature('{"timestamp": 2}', 'secret', signature)).toBe(false);
    expect(verifySignature('{"timestamp":2}', 'other', signature)).toBe(false);
    expect(verifySignature('{"timestamp":2}', 'secret', 'not-hex')).toBe(false);
  });
});
