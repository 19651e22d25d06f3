/** The built CLI against a sandbox whose clock is a day ahead: a `clock` error, exit 1, `status` UNKNOWN. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../main/core/sandbox';
import { json, requireBuiltCli, runCli, sandboxEnv } from './cli-harness';

const DAY = 24 * 60 * 60_000;
let sandbox: RunningSandbox;

beforeAll(async () => {
  requireBuiltCli();
  sandbox = await startSandbox();
  sandbox.control.setClockOffset(DAY);
});

afterAll(async () => {
  await sandbox.close();
});

describe('a system clock a day off', () => {
  it('list fails with exit 1 and says to fix the system clock', async () => {
    const result = await runCli(['list', '--json'], { env: sandboxEnv(sandbox) });
    expect(result.code).toBe(1);
    expect(json<{ error: { kind: string; message: string } }>(result).error).toMatchObject({
      kind: 'clock',
      message: expect.stringContaining('Set the system clock right') as unknown,
    });
  });

  it('status is UNKNOWN (exit 3) with the clock message on its first line', async () => {
    const result = await runCli(['status'], { env: sandboxEnv(sandbox) });
    expect(result.code).toBe(3);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^WEBHOOK UNKNOWN - This computer's clock is about 24 hours/,
    );
  });
});
