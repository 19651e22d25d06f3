import { afterEach } from 'vitest';
import type { Credentials } from '../../main/core/api/calypso-api';
import {
  createCalypsoClient,
  type CalypsoClient,
  type ClientOptions,
} from '../../main/core/api/calypso-client';
import { startSandbox } from '../../main/core/sandbox/sandbox-server';
import type { RunningSandbox, SandboxCredentials, SandboxOptions } from '../../main/core/sandbox/types';

const running = new Set<RunningSandbox>();

afterEach(async () => {
  const open = [...running];
  running.clear();
  await Promise.all(open.map((sandbox) => sandbox.close()));
});

/**
 * Starts a sandbox that closes itself after the current test (an afterEach hook registered by this
 * module). Use it inside a test or a beforeEach.
 */
export async function sandboxForTest(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox(options);
  running.add(sandbox);
  return sandbox;
}

/** Runs `fn` with a fresh sandbox and always closes it, for code outside a test's lifecycle. */
export async function withSandbox<T>(
  options: SandboxOptions,
  fn: (sandbox: RunningSandbox) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandbox(options);
  try {
    return await fn(sandbox);
  } finally {
    await sandbox.close();
  }
}

/** Client credentials for a sandbox account (the main one unless given). */
export function sandboxCredentials(
  sandbox: RunningSandbox,
  account: SandboxCredentials = sandbox.credentials,
): Credentials {
  return {
    baseUrl: sandbox.url,
    account: account.account,
    apiKey: account.apiKey,
    apiSecret: account.apiSecret,
  };
}

/** A client on the sandbox; `overrides` change single credentials (a wrong secret, another key...). */
export function sandboxClient(
  sandbox: RunningSandbox,
  overrides: Partial<Credentials> = {},
  options: ClientOptions = {},
): CalypsoClient {
  return createCalypsoClient({ ...sandboxCredentials(sandbox), ...overrides }, options);
}
