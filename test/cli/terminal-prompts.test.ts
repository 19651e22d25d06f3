/**
 * The prompts a person sees on a terminal: the hidden secret prompt of `profile add` and the
 * confirmations of `profile remove`, `delete` and `regenerate-keys`. util-linux `script` gives the
 * built CLI a real pseudo-terminal.
 */
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../main/core/accounts/types';
import { secretToolLookup, uniqueName } from '../core/accounts/keyring';
import { isolatedConfigDir, json, onTerminal, runCli, useSharedSandbox } from './cli-harness';

const sandbox = useSharedSandbox();

const CONFIRM = '[y/N]';

describe('on a terminal', () => {
  it('profile add asks for the secret without echoing it; remove asks for confirmation', async () => {
    const dir = isolatedConfigDir();
    const env = { WEBHOOK_TRAY_CONFIG_DIR: dir };
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
      // Nothing here may reach the real Calypso.
      '--no-verify',
    ];
    const secretPrompt = `API secret for "${name}"`;
    const added = await onTerminal(add, env, { prompt: secretPrompt, keys: secret });
    expect(added.code, added.screen).toBe(0);
    expect(added.screen).not.toContain(secret);
    const [profile] = json<{ profiles: Profile[] }>(
      await runCli(['profile', 'list', '--json'], { env }),
    ).profiles;
    expect(secretToolLookup(profile!.id)).toBe(secret);

    // Declining is not a failure: exit 0, nothing changed.
    const declined = await onTerminal(['profile', 'remove', name], env, { prompt: CONFIRM, keys: 'n' });
    expect(declined.code, declined.screen).toBe(0);
    expect(declined.screen).toContain('Cancelled: nothing was changed.');
    expect(declined.screen).not.toContain('error:');
    expect(secretToolLookup(profile!.id)).toBe(secret);

    const confirmed = await onTerminal(['profile', 'remove', name], env, { prompt: CONFIRM, keys: 'y' });
    expect(confirmed.code, confirmed.screen).toBe(0);
    expect(secretToolLookup(profile!.id)).toBeNull();

    // --secret-stdin on a terminal: stdin would echo what is typed, so the hidden prompt asks instead.
    const viaStdin = await onTerminal([...add, '--secret-stdin'], env, {
      prompt: secretPrompt,
      keys: secret,
    });
    expect(viaStdin.code, viaStdin.screen).toBe(0);
    expect(viaStdin.screen).not.toContain(secret);
    const [again] = json<{ profiles: Profile[] }>(
      await runCli(['profile', 'list', '--json'], { env }),
    ).profiles;
    expect(secretToolLookup(again!.id)).toBe(secret);

    // Ctrl+C at the secret prompt cancels too: exit 0, no profile added.
    const other = uniqueName('Never Added');
    const interrupted = await onTerminal(
      add.map((arg) => (arg === name ? other : arg)),
      env,
      { prompt: `API secret for "${other}"`, keys: '\x03' },
    );
    expect(interrupted.code, interrupted.screen).toBe(0);
    expect(interrupted.screen).toContain('Cancelled: no profile was added.');
    const names = json<{ profiles: Profile[] }>(
      await runCli(['profile', 'list', '--json'], { env }),
    ).profiles.map((p) => p.name);
    expect(names).toEqual([name]);
    await runCli(['profile', 'remove', name, '--yes'], { env });
  });

  it('delete (naming the URL) and regenerate-keys ask first; n, Enter or Ctrl+C cancel with exit 0, "y" goes ahead', async () => {
    const env = {
      WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir(),
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

    const deleteIt = ['delete', '--id', before.requestId];
    const keptDelete = await onTerminal(deleteIt, env, { prompt: CONFIRM, keys: 'n' });
    expect(keptDelete.code, keptDelete.screen).toBe(0);
    expect(keptDelete.screen).toContain(
      `Delete webhook subscription ${before.requestId} (${sandbox().control.receiverUrl('ok')})?`,
    );
    expect(keptDelete.screen).toContain('Cancelled: nothing was changed.');

    // Enter alone takes the default, which is no.
    const keptByEnter = await onTerminal(deleteIt, env, { prompt: CONFIRM, keys: '' });
    expect(keptByEnter.code, keptByEnter.screen).toBe(0);
    expect(keptByEnter.screen).toContain('Cancelled: nothing was changed.');

    // --json: the cancellation is a document of its own on stdout, not an error.
    const keptJson = await onTerminal([...deleteIt, '--json'], env, { prompt: CONFIRM, keys: 'n' });
    expect(keptJson.code, keptJson.screen).toBe(0);
    expect(keptJson.screen).toMatch(/\{\s*"cancelled": true\s*\}/);
    expect(keptJson.screen).not.toContain('"error"');

    const keptKeys = await onTerminal(['regenerate-keys'], env, { prompt: CONFIRM, keys: 'n' });
    expect(keptKeys.code, keptKeys.screen).toBe(0);
    expect(keptKeys.screen).toContain('Regenerate the webhook signing keys?');
    expect(keptKeys.screen).toContain('Cancelled: nothing was changed.');

    // Ctrl+C at the question is a no, not an internal error.
    const interrupted = await onTerminal(['regenerate-keys'], env, { prompt: CONFIRM, keys: '\x03' });
    expect(interrupted.code, interrupted.screen).toBe(0);
    expect(interrupted.screen).toContain('Cancelled: nothing was changed.');
    expect(interrupted.screen).not.toContain('Unexpected error');

    expect(mutations()).toEqual([]);
    expect(sandbox().control.subscriptions()).toEqual([before]);

    const deleted = await onTerminal(deleteIt, env, { prompt: CONFIRM, keys: 'y' });
    expect(deleted.code, deleted.screen).toBe(0);
    expect(mutations()).toEqual(['DELETE /api/v1/subscription/webhook']);
    expect(sandbox().control.subscriptions()).toEqual([]);
  });
});
