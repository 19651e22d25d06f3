import { createHash } from 'node:crypto';
import type { SandboxCredentials } from '../../../main/core/sandbox';

/** `count` distinct sandbox accounts with their own key pairs, stable across runs. */
export function benchAccounts(count: number, prefix = 'bench'): SandboxCredentials[] {
  return Array.from({ length: count }, (_, index) => {
    const digest = createHash('sha256').update(`${prefix}-${index}`).digest('hex');
    return {
      apiKey: `${prefix}-key-${index}`,
      apiSecret: digest.slice(0, 32),
      account: `0x${digest.slice(24, 64)}`,
    };
  });
}
