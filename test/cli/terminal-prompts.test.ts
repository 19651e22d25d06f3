/**
 * The prompts a person sees on a terminal: the hidden secret prompt of `profile add` and the
 * confirmations of `profile remove`, `delete` and `regenerate-keys`. util-linux `script` gives the
 * built CLI a real pseudo-terminal.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../main/core/accounts/types';
import { secretToolLookup, uniqueName } from '../core/accounts/keyring';
import { CLI_PATH, isolatedConfigDir, json, runCli, useSharedSandbox } from './cli-harness';

const sandbox = useSharedSandbox();

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the CLI on a pseudo-terminal; each time the output shows `prompt`, types `answer` and Enter.
 * Resolves with everything the terminal displayed and the exit code.
 */
function onTerminal(
  args: string[],
  configDir: string,
  prompt: string,
  answer: string,
  env: Record<string, string> = {},
) {
  const command = [process.execPath, CLI_PATH, ...args].map(shellQuote).join(' ');
  const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('WEBHOOK_TRAY_'));
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { ...Object.fromEntries(inherited), ...env, WEBHOOK_TRAY_CONFIG_DIR: configDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let answered = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk;
    if (!answered && screen.includes(prompt)) {
      answered = true;
      child.stdin.write(`${answer}\r`);
    }
  });
  return new Promise<{ code: number | null; screen: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, screen })),
  );
}

describe('on a terminal', () => {
  it('profile add asks for the secret without echoing it; remove asks for confirmation', async () => {
    const dir = isolatedConfigDir();
    const name = uniqueName('Terminal Shop');
    const secret = `typed-${uniqueName('s').replace(' ', '-')}`;
    const add = [
      'profile',
      'add',
      '--name',
      name,
      '--base-url',
      'https://api.calypso.finance',
      '--account',
      '0x0000000000000000000000000000000000000001',
      '--api-key',
      'key',
    ];
    const added = await onTerminal(add, dir, `API secret for "${name}"`, secret);
    expect(added.code, added.screen).toBe(0);
    expect(added.screen).not.toContain(secret);
    const [profile] = json<{ profiles: Profile[] }>(
      await runCli(['profile', 'list', '--json'], { env: { WEBHOOK_TRAY_CONFIG_DIR: dir } }),
    ).profiles;
    expect(secretToolLookup(profile!.id)).toBe(secret);

    const declined = await onTerminal(['profile', 'remove', name], dir, '[y/N]', 'n');
    expect(declined.code).toBe(1);
    expect(declined.screen).toContain('Cancelled: nothing was changed.');
    expect(secretToolLookup(profile!.id)).toBe(secret);

    const confirmed = await onTerminal(['profile', 'remove', name], dir, '[y/N]', 'y');
    expect(confirmed.code, confirmed.screen).toBe(0);
    expect(secretToolLookup(profile!.id)).toBeNull();

    // --secret-stdin on a terminal: stdin would echo what is typed, so the hidden prompt asks instead.
    const viaStdin = await onTerminal([...add, '--secret-stdin'], dir, `API secret for "${name}"`, secret);
    expect(viaStdin.code, viaStdin.screen).toBe(0);
    expect(viaStdin.screen).not.toContain(secret);
    const [again] = json<{ profiles: Profile[] }>(
      await runCli(['profile', 'list', '--json'], { env: { WEBHOOK_TRAY_CONFIG_DIR: dir } }),
    ).profiles;
    expect(secretToolLookup(again!.id)).toBe(secret);
    await runCli(['profile', 'remove', name, '--yes'], { env: { WEBHOOK_TRAY_CONFIG_DIR: dir } });
  });

  it('delete and regenerate-keys ask first; "n" cancels with nothing sent or changed, "y" goes ahead', async () => {
    const dir = isolatedConfigDir();
    const env = {
      WEBHOOK_TRAY_BASE_URL: sandbox().url,
      WEBHOOK_TRAY_ACCOUNT: sandbox().credentials.account,
      WEBHOOK_TRAY_API_KEY: sandbox().credentials.apiKey,
      WEBHOOK_TRAY_API_SECRET: sandbox().credentials.apiSecret,
    };
    const before = sandbox().control.addSubscription({
      url: sandbox().control.receiverUrl('ok'),
      notificationServiceTypes: ['INVOICE'],
    });
    const mutations = () =>
      sandbox()
        .control.requests()
        .filter((r) => r.method === 'DELETE' || r.path.endsWith('/regenerate'))
        .map((r) => `${r.method} ${r.path}`);
    sandbox().control.clearRequests();

    const keptDelete = await onTerminal(['delete', '--id', before.requestId], dir, '[y/N]', 'n', env);
    expect(keptDelete.code, keptDelete.screen).toBe(1);
    expect(keptDelete.screen).toContain(`Delete webhook subscription ${before.requestId}?`);
    expect(keptDelete.screen).toContain('Cancelled: nothing was changed.');

    const keptKeys = await onTerminal(['regenerate-keys'], dir, '[y/N]', 'n', env);
    expect(keptKeys.code, keptKeys.screen).toBe(1);
    expect(keptKeys.screen).toContain('Regenerate the webhook signing keys?');
    expect(keptKeys.screen).toContain('Cancelled: nothing was changed.');

    // Ctrl+C at the question is a no, not an internal error.
    const interrupted = await onTerminal(['regenerate-keys'], dir, '[y/N]', '\x03', env);
    expect(interrupted.code, interrupted.screen).toBe(1);
    expect(interrupted.screen).toContain('Cancelled: nothing was changed.');
    expect(interrupted.screen).not.toContain('Unexpected error');

    expect(mutations()).toEqual([]);
    expect(sandbox().control.subscriptions()).toEqual([before]);

    const deleted = await onTerminal(['delete', '--id', before.requestId], dir, '[y/N]', 'y', env);
    expect(deleted.code, deleted.screen).toBe(0);
    expect(mutations()).toEqual(['DELETE /api/v1/subscription/webhook']);
    expect(sandbox().control.subscriptions()).toEqual([]);
  });
});
