/**
 * What the CLI says, in its own terms: where to fix credentials (flags, variables, profiles), one
 * wording for a missing subscription, retries once per outage (every one with --verbose), --json
 * error messages on one line, and what --enable cannot do for a blocked subscription.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../main/core/sandbox';
import { requireKeyring, uniqueName } from '../core/accounts/keyring';
import { waitFor } from '../support/wait-for';
import { json, profileAddArgs, runCli, spawnCli, type CliRunOptions, startCliSandbox } from './cli-harness';

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => ({ sandbox, env } = await startCliSandbox()));

afterAll(() => sandbox.close());

beforeEach(() => {
  sandbox.control.clearFaults();
  sandbox.control.clearRequests();
});

function cli(args: string[], options: CliRunOptions = {}) {
  return runCli(args, { ...options, env: { ...env, ...options.env } });
}

const RETRY_NOTE = '(--verbose shows every retry)';
const count = (text: string, part: string) => text.split(part).length - 1;

describe('advice in the CLI terms', () => {
  it('names the flags and variables that set the credentials, never the window', async () => {
    const unreachable = await cli(['list'], { env: { WEBHOOK_TRAY_BASE_URL: 'http://127.0.0.1:9' } });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('the base URL (--base-url or WEBHOOK_TRAY_BASE_URL)');
    expect(unreachable.stderr).not.toContain('account settings');

    const refused = await cli(['list', '--json'], { env: { WEBHOOK_TRAY_API_SECRET: 'wrong' } });
    expect(refused.code).toBe(3);
    const { message } = json<{ error: { message: string } }>(refused).error;
    expect(message).toContain('Check the API key and secret (WEBHOOK_TRAY_API_KEY; WEBHOOK_TRAY_API_SECRET)');
    expect(message).not.toContain('account settings');

    sandbox.control.injectFault({ status: 404, message: 'No such route' });
    const notFound = await cli(['list']);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toContain('Calypso could not find it (HTTP 404: No such route).');
    expect(notFound.stderr).toContain('`webhook-tray list`');
    expect(notFound.stderr).not.toContain('Refresh the list');
  });

  it('names the profile and how to replace it when the credentials came from --profile', async () => {
    requireKeyring();
    const name = uniqueName('Wrong Secret');
    const added = await cli([...profileAddArgs(sandbox, name), '--no-verify'], { input: 'not-the-secret' });
    expect(added.code, added.stderr).toBe(0);
    const refused = await cli(['--profile', name, 'list']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`Check the API key and secret in profile "${name}".`);
    expect(refused.stderr).toContain(
      `remove the profile (\`webhook-tray profile remove "${name}"\`) and add it again (\`webhook-tray profile add\`)`,
    );
    expect(refused.stderr).not.toContain('account settings');
    await cli(['profile', 'remove', name, '--yes']);
  });
});

describe('a subscription that is not there', () => {
  it('is worded the same by change and delete, and nothing is deleted', async () => {
    const missing = 'no-such-subscription';
    const changed = await cli(['change', '--id', missing, '--disable']);
    const deleted = await cli(['delete', '--id', missing, '--yes']);
    expect(changed.code).toBe(1);
    expect(deleted.code).toBe(1);
    const expected = `error: There is no subscription ${missing} on this account: it may have been deleted. See the current ones with \`webhook-tray list\`.\n`;
    expect(changed.stderr).toBe(expected);
    expect(deleted.stderr).toBe(expected);
    expect(sandbox.control.requests().filter((r) => r.method === 'DELETE')).toEqual([]);
    const asJson = await cli(['delete', '--id', missing, '--yes', '--json']);
    expect(json(asJson)).toEqual({
      error: { kind: 'not-found', message: expected.slice('error: '.length, -1), status: null },
    });
  });
});

describe('retries', () => {
  it('prints the first retry of an outage only, and every one with --verbose', async () => {
    sandbox.control.injectFault({ status: 503, message: 'down', count: 2 });
    const quiet = await cli(['list', '--json']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(count(quiet.stderr, RETRY_NOTE)).toBe(1);
    expect(quiet.stderr).toMatch(/^list got HTTP 503; retry 1 in \d+ ms \(--verbose shows every retry\)\n$/);

    sandbox.control.injectFault({ status: 503, message: 'down', count: 2 });
    const verbose = await cli(['--verbose', 'list', '--json']);
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stderr).toMatch(
      /list got HTTP 503; retry 1 in \d+ ms\n.*list got HTTP 503; retry 2 in \d+ ms\n$/,
    );
    expect(verbose.stderr).not.toContain(RETRY_NOTE);
  });

  it('under watch, prints one retry line per outage, again for the next outage', async () => {
    sandbox.control.injectFault({ status: 503, message: 'down', count: 'always' });
    const child = spawnCli(['watch', '--json', '--interval', '1', '--fast-interval', '1'], { env });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise((resolve) => child.once('close', resolve));
    const detail = () => `; stderr:\n${stderr}`;
    try {
      const polls = () => sandbox.control.requests().filter((r) => r.path.startsWith('/api/')).length;
      // Three polls of three attempts each: nine failed requests, one line.
      await waitFor('three failed polls', () => polls() >= 9, { timeoutMs: 20_000, detail });
      expect(count(stderr, RETRY_NOTE)).toBe(1);

      sandbox.control.clearFaults();
      const before = polls();
      await waitFor('a good poll', () => polls() > before + 1, { detail });
      sandbox.control.injectFault({ status: 503, message: 'down', count: 'always' });
      await waitFor('the second outage reported', () => count(stderr, RETRY_NOTE) === 2, { detail });
    } finally {
      child.kill('SIGINT');
      await exited;
    }
  });
});

describe('--json errors', () => {
  it('keep the message on one line, commander suggestions and server messages included', async () => {
    const typo = await cli(['lst', '--json']);
    expect(typo.code).toBe(2);
    expect(json(typo)).toEqual({
      error: { kind: 'validation', message: "unknown command 'lst' (Did you mean list?)", status: null },
    });

    sandbox.control.injectFault({ status: 400, message: 'first line\nsecond line' });
    const refused = await cli([
      'create',
      '--url',
      'https://shop.example/x',
      '--service',
      'INVOICE',
      '--json',
    ]);
    expect(refused.code).toBe(1);
    const { message } = json<{ error: { message: string } }>(refused).error;
    expect(message).toContain('first line second line');
    expect(message).not.toMatch(/[\r\n]/);

    // A monitoring system shows the first line of status: the whole reason must be on it.
    const status = await cli(['status', '--jsn']);
    expect(status.code).toBe(3);
    expect(status.stdout.split('\n')[0]).toBe(
      "WEBHOOK UNKNOWN - unknown option '--jsn' (Did you mean --json?)",
    );
  });
});

describe('change --enable on a blocked subscription', () => {
  it('says that only the Calypso dashboard unblocks it', async () => {
    const { requestId } = sandbox.control.addSubscription({
      url: 'https://shop.example/blocked',
      notificationServiceTypes: ['INVOICE'],
    });
    sandbox.control.forceFields(requestId, { blockedByErrorCount: true, errorCount: 101, enabled: false });
    const result = await cli(['change', '--id', requestId, '--enable']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`subscription ${requestId} is still blocked`);
    expect(result.stderr).toContain(
      'Only the Calypso dashboard unblocks it (https://dashboard.calypso.finance',
    );

    const unblocked = sandbox.control.addSubscription({
      url: 'https://shop.example/fine',
      notificationServiceTypes: ['INVOICE'],
    });
    sandbox.control.forceFields(unblocked.requestId, { enabled: false });
    const enabled = await cli(['change', '--id', unblocked.requestId, '--enable']);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(enabled.stderr).not.toContain('dashboard');
  });
});
