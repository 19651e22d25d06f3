/**
 * The built CLI against the sandbox over real HTTP: every API command, --json shapes, masking,
 * exit codes, confirmation refusal without a terminal, and "nothing sent" on invalid input.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../main/core/api/channel';
import { startSandbox, type RunningSandbox } from '../../main/core/sandbox';
import { isolatedConfigDir, json, requireBuiltCli, runCli, type CliRunOptions } from './cli-harness';

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  requireBuiltCli();
  sandbox = await startSandbox();
  env = {
    WEBHOOK_TRAY_BASE_URL: sandbox.url,
    WEBHOOK_TRAY_ACCOUNT: sandbox.credentials.account,
    WEBHOOK_TRAY_API_KEY: sandbox.credentials.apiKey,
    WEBHOOK_TRAY_API_SECRET: sandbox.credentials.apiSecret,
    WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir(),
  };
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.control.clearFaults();
  sandbox.control.clearRequests();
});

function cli(args: string[], options: CliRunOptions = {}) {
  return runCli(args, { ...options, env: { ...env, ...options.env } });
}

function apiRequests() {
  return sandbox.control.requests().filter((r) => r.path.startsWith('/api/'));
}

async function createOne(url = sandbox.control.receiverUrl('ok')): Promise<Channel> {
  const result = await cli(['--json', 'create', '--url', url, '--event', 'INVOICE_PAID']);
  expect(result.code, result.stderr).toBe(0);
  return json<{ subscription: Channel }>(result).subscription;
}

async function deleteAll(): Promise<void> {
  const listed = json<{ subscriptions: Channel[] }>(await cli(['list', '--json'])).subscriptions;
  for (const channel of listed)
    expect((await cli(['delete', '--id', channel.requestId, '--yes'])).code).toBe(0);
}

describe('credentials from the environment', () => {
  it('a base URL with a space pasted after it still reaches the API', async () => {
    const result = await cli(['list', '--json'], { env: { WEBHOOK_TRAY_BASE_URL: `${sandbox.url} ` } });
    expect(result.code, result.stderr).toBe(0);
    expect(apiRequests()).toHaveLength(1);
  });
});

describe('list', () => {
  it('prints a table with the health word, errors and URL, secretKey masked to its last 4', async () => {
    await deleteAll();
    const channel = await createOne();
    const failing = await createOne(sandbox.control.receiverUrl('fail'));
    sandbox.control.forceFields(failing.requestId, {
      errorCount: 7,
      errorLastDate: '2024-05-01T10:00:00.000Z',
    });
    const full = sandbox.control.subscriptions().find((s) => s.requestId === channel.requestId)!.secretKey;

    const result = await cli(['list']);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^HEALTH\s+ERRORS\s+REQUEST ID\s+SECRET KEY\s+URL$/);
    const healthyRow = rows.find((r) => r.includes(channel.requestId))!;
    expect(healthyRow).toMatch(/^healthy\s+0\s/);
    expect(healthyRow).toContain(sandbox.control.receiverUrl('ok'));
    expect(healthyRow).toContain(`••••••••${full.slice(-4)}`);
    expect(result.stdout).not.toContain(full);
    expect(rows.find((r) => r.includes(failing.requestId))).toMatch(
      /^failing\s+7 \(last 2024-05-01T10:00:00.000Z\)/,
    );
  });

  it('--json: {"subscriptions":[...]} with masked secrets, or full ones with --show-secrets', async () => {
    await deleteAll();
    const created = await createOne();
    const full = sandbox.control.subscriptions().find((s) => s.requestId === created.requestId)!.secretKey;

    const masked = json<{ subscriptions: Channel[] }>(await cli(['--json', 'list']));
    expect(Object.keys(masked)).toEqual(['subscriptions']);
    expect(masked.subscriptions).toHaveLength(1);
    expect(masked.subscriptions[0]).toMatchObject({
      requestId: created.requestId,
      url: sandbox.control.receiverUrl('ok'),
      notificationEventTypes: ['INVOICE_PAID'],
      enabled: true,
      blockedByErrorCount: false,
      errorCount: 0,
      secretKey: `••••••••${full.slice(-4)}`,
    });

    const shown = await cli(['list', '--json', '--show-secrets']);
    expect(json<{ subscriptions: Channel[] }>(shown).subscriptions[0]?.secretKey).toBe(full);
  });
});

describe('status (monitoring-plugin convention)', () => {
  it('exits 2 CRITICAL when there is no subscription', async () => {
    await deleteAll();
    const result = await cli(['status']);
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')[0]).toBe(
      'WEBHOOK CRITICAL - no webhook subscriptions | healthy=0 failing=0 blocked=0 disabled=0',
    );
  });

  it('exits 0 OK, 1 WARNING, 2 CRITICAL as channels fail, get blocked or disabled', async () => {
    await deleteAll();
    const a = await createOne();
    const b = await createOne();
    let result = await cli(['status']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'WEBHOOK OK - 0 blocked, 0 failing, 2 healthy | healthy=2 failing=0 blocked=0 disabled=0',
    );

    sandbox.control.forceFields(a.requestId, { errorCount: 1 });
    result = await cli(['status']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(
      'WEBHOOK WARNING - 0 blocked, 1 failing, 1 healthy | healthy=1 failing=1 blocked=0 disabled=0',
    );
    expect(result.stdout).toContain(`failing: ${sandbox.control.receiverUrl('ok')} (1 error, last`);

    sandbox.control.forceFields(a.requestId, { errorCount: 3 });
    result = await cli(['status']);
    expect(result.stdout).toContain(`failing: ${sandbox.control.receiverUrl('ok')} (3 errors, last`);

    sandbox.control.forceFields(b.requestId, { blockedByErrorCount: true, errorCount: 101 });
    result = await cli(['status']);
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')[0]).toBe(
      'WEBHOOK CRITICAL - 1 blocked, 1 failing, 0 healthy | healthy=0 failing=1 blocked=1 disabled=0',
    );

    sandbox.control.forceFields(b.requestId, { blockedByErrorCount: false, errorCount: 0, enabled: false });
    result = await cli(['status']);
    expect(result.stdout.split('\n')[0]).toBe(
      'WEBHOOK CRITICAL - 0 blocked, 1 failing, 0 healthy, 1 disabled | healthy=0 failing=1 blocked=0 disabled=1',
    );
    result = await cli(['status', '--json']);
    expect(result.code).toBe(2);
    const doc = json<{ state: string; channels: Record<string, unknown>[] }>(result);
    expect(doc.state).toBe('critical');
    expect(doc.channels).toHaveLength(2);
    expect(doc.channels.find((c) => c.requestId === b.requestId)).toEqual({
      requestId: b.requestId,
      url: sandbox.control.receiverUrl('ok'),
      health: 'disabled',
      errorCount: 0,
      errorFirstDate: null,
      errorLastDate: null,
      enabled: false,
      blockedByErrorCount: false,
      predictedBlockAt: null,
      failuresPerMinute: null,
      eventLossAt: null,
      certificateExpiresAt: null,
    });
    expect(doc.channels.find((c) => c.requestId === a.requestId)).toMatchObject({
      health: 'failing',
      errorCount: 3,
    });
  });

  it('exits 3 UNKNOWN on any error, invalid credentials included', async () => {
    let result = await cli(['status'], { env: { WEBHOOK_TRAY_API_SECRET: 'wrong' } });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^WEBHOOK UNKNOWN - Calypso rejected the credentials/);

    result = await cli(['status', '--json'], { env: { WEBHOOK_TRAY_API_KEY: undefined } });
    expect(result.code).toBe(3);
    expect(json(result)).toMatchObject({ state: 'unknown', error: { kind: 'validation' } });
  });

  it.each([
    [['status', '--bogus'], "unknown option '--bogus'"],
    [['--bogus', 'status'], "unknown option '--bogus'"],
    [['status', 'extra'], 'too many arguments'],
    [['--timeout', 'soon', 'status'], '--timeout must be a number of seconds'],
  ])('a usage error %j is UNKNOWN too: exit 3, never 2', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(3);
    const first = result.stdout.split('\n')[0]!;
    expect(first).toMatch(/^WEBHOOK UNKNOWN - /);
    expect(first).toContain(message);
    expect(apiRequests()).toEqual([]);

    const asJson = await cli([...args, '--json']);
    expect(asJson.code).toBe(3);
    expect(json(asJson)).toEqual({
      state: 'unknown',
      channels: [],
      error: { kind: 'validation', message: expect.stringContaining(message), status: null },
    });
  });
});

describe('create', () => {
  it('sends one signed create and prints {"subscription":{...}} with the secret masked', async () => {
    const result = await cli([
      '--json',
      'create',
      '--url',
      'https://shop.example/hooks',
      '--event',
      'INVOICE_PAID',
      '--event',
      'INVOICE_EXPIRED',
      '--service',
      'PAYOUT',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { subscription } = json<{ subscription: Channel }>(result);
    expect(subscription).toMatchObject({
      url: 'https://shop.example/hooks',
      notificationEventTypes: ['INVOICE_PAID', 'INVOICE_EXPIRED'],
      notificationServiceTypes: ['PAYOUT'],
    });
    expect(subscription.secretKey).toMatch(/^•{8}.{4}$/);
    const sent = apiRequests().filter((r) => r.path === '/api/v1/subscription/webhook/create');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({
      account: sandbox.credentials.account,
      payload: { url: 'https://shop.example/hooks', notificationServiceTypes: ['PAYOUT'] },
    });
    expect(result.stderr).toContain(`Created subscription ${subscription.requestId}`);
  });

  it.each([
    [['--url', 'not a url', '--event', 'INVOICE_PAID'], 'not an absolute URL'],
    [['--url', 'ftp://shop.example/x', '--event', 'INVOICE_PAID'], 'must start with https://'],
    [['--url', 'http://shop.example/x', '--event', 'INVOICE_PAID'], 'plain http'],
    [['--url', 'https://shop.example/x'], 'at least one --event'],
    [['--event', 'INVOICE_PAID'], "required option '--url <url>' not specified"],
  ])('refuses %j with exit 2 and sends nothing', async (args, message) => {
    const result = await cli(['create', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(apiRequests()).toEqual([]);
    const asJson = await cli(['create', '--json', ...args]);
    expect(json(asJson)).toMatchObject({ error: { kind: 'validation', status: null } });
  });

  it('accepts plain http to loopback, and elsewhere only with --allow-insecure-url', async () => {
    expect((await cli(['create', '--url', 'http://127.0.0.1:9/hook', '--service', 'INVOICE'])).code).toBe(0);
    const insecure = await cli([
      'create',
      '--url',
      'http://lan-box.example/hook',
      '--service',
      'INVOICE',
      '--allow-insecure-url',
    ]);
    expect(insecure.code, insecure.stderr).toBe(0);
  });
});

describe('change', () => {
  it('sends the complete desired state and prints the changed subscription', async () => {
    const channel = await createOne();
    const result = await cli([
      'change',
      '--id',
      channel.requestId,
      '--disable',
      '--url',
      'https://new.example/h',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(json<{ subscription: Channel }>(result).subscription).toMatchObject({
      requestId: channel.requestId,
      url: 'https://new.example/h',
      enabled: false,
      notificationEventTypes: ['INVOICE_PAID'],
    });
    const sent = apiRequests().filter((r) => r.path === '/api/v1/subscription/webhook/change');
    expect(sent).toHaveLength(1);
    const body = JSON.parse(sent[0]!.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['account', 'payload', 'timestamp']);
    expect(body.account).toBe(sandbox.credentials.account);
    // The complete desired state, exactly: the edit applied to the current channel, nothing else.
    expect(body.payload).toStrictEqual({
      requestId: channel.requestId,
      url: 'https://new.example/h',
      notificationEventTypes: ['INVOICE_PAID'],
      notificationServiceTypes: [],
      enabled: false,
    });
  });

  it('accepts plain http to a non-loopback host only with --allow-insecure-url, as create does', async () => {
    const channel = await createOne();
    sandbox.control.clearRequests();
    const refused = await cli(['change', '--id', channel.requestId, '--url', 'http://lan-box.example/hook']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('plain http');
    expect(refused.stderr).toContain('(or pass --allow-insecure-url if you must)');
    expect(refused.stderr).not.toContain('to create');
    expect(apiRequests()).toEqual([]);

    const allowed = await cli([
      'change',
      '--id',
      channel.requestId,
      '--url',
      'http://lan-box.example/hook',
      '--allow-insecure-url',
      '--json',
    ]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(json<{ subscription: Channel }>(allowed).subscription.url).toBe('http://lan-box.example/hook');
    const stored = sandbox.control.subscriptions().find((s) => s.requestId === channel.requestId)!;
    expect(stored.url).toBe('http://lan-box.example/hook');
  });

  it.each([
    [[], 'Nothing to change'],
    [['--enable', '--disable'], "option '--enable' cannot be used with option '--disable'"],
    [['--url', 'nope'], 'not an absolute URL'],
  ])('refuses %j with exit 2 and sends nothing', async (args, message) => {
    const result = await cli(['change', '--id', 'some-id', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(apiRequests()).toEqual([]);
  });
});

describe('delete and regenerate-keys confirmation', () => {
  it('delete without a terminal and without --yes exits 2 and sends nothing', async () => {
    const channel = await createOne();
    sandbox.control.clearRequests();
    const result = await cli(['delete', '--id', channel.requestId]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --yes');
    expect(apiRequests()).toEqual([]);
    expect(sandbox.control.subscriptions().some((s) => s.requestId === channel.requestId)).toBe(true);
  });

  it('delete --yes deletes and prints {"deleted":"<requestId>"}', async () => {
    const channel = await createOne();
    const result = await cli(['delete', '--id', channel.requestId, '--yes', '--json']);
    expect(result.code).toBe(0);
    expect(json(result)).toEqual({ deleted: channel.requestId });
    expect(sandbox.control.subscriptions().some((s) => s.requestId === channel.requestId)).toBe(false);
  });

  it('regenerate-keys needs --yes without a terminal; masks the new secrets unless --show-secrets', async () => {
    await createOne();
    await createOne();
    sandbox.control.clearRequests();
    const refused = await cli(['regenerate-keys', '--json']);
    expect(refused.code).toBe(2);
    expect(json(refused)).toMatchObject({ error: { kind: 'validation' } });
    expect(apiRequests()).toEqual([]);

    const masked = await cli(['regenerate-keys', '--yes', '--json']);
    expect(masked.code, masked.stderr).toBe(0);
    const subs = json<{ subscriptions: Channel[] }>(masked).subscriptions;
    expect(subs.length).toBe(sandbox.control.subscriptions().length);
    for (const sub of subs) expect(sub.secretKey).toMatch(/^•{8}.{4}$/);
    const sent = apiRequests().filter((r) => r.path === '/api/v1/subscription/webhook/api-keys/regenerate');
    expect(sent).toHaveLength(1);
    expect(Object.keys(JSON.parse(sent[0]!.body))).toEqual(['timestamp']);

    const shown = json<{ subscriptions: Channel[] }>(
      await cli(['regenerate-keys', '--yes', '--show-secrets', '--json']),
    );
    for (const sub of shown.subscriptions) {
      const stored = sandbox.control.subscriptions().find((s) => s.requestId === sub.requestId)!;
      expect(sub.secretKey).toBe(stored.secretKey);
    }
  });
});

describe('errors and exit codes', () => {
  it('a rejected secret exits 3 with {"error":{"kind":"auth",...,"status":401}}', async () => {
    const result = await cli(['list', '--json'], { env: { WEBHOOK_TRAY_API_SECRET: 'not-the-secret' } });
    expect(result.code).toBe(3);
    expect(json(result)).toEqual({
      error: {
        kind: 'auth',
        message: expect.stringContaining('rejected'),
        status: 401,
        errorCode: 'UNAUTHORIZED',
        traceId: expect.any(String),
      },
    });
    expect(result.stderr).toMatch(/^error: Calypso rejected the credentials/m);
  });

  it('missing credentials exit 2 before anything is sent, naming what to set', async () => {
    const result = await cli(['list'], {
      env: { WEBHOOK_TRAY_API_SECRET: undefined, WEBHOOK_TRAY_ACCOUNT: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--account (or WEBHOOK_TRAY_ACCOUNT), WEBHOOK_TRAY_API_SECRET');
    expect(apiRequests()).toEqual([]);
  });

  it('flags override the environment for base URL and account', async () => {
    const other = await startSandbox();
    try {
      const result = await cli([
        '--base-url',
        other.url,
        '--account',
        '0x0000000000000000000000000000000000000bad',
        'list',
        '--json',
      ]);
      expect(result.code).toBe(3);
      expect(apiRequests()).toEqual([]);
      const reached = other.control.requests().filter((r) => r.path.startsWith('/api/'));
      expect(reached).toHaveLength(1);
      expect(JSON.parse(reached[0]!.body).account).toBe('0x0000000000000000000000000000000000000bad');
    } finally {
      await other.close();
    }
  });

  it('without --base-url or WEBHOOK_TRAY_BASE_URL the base URL is https://api.calypso.finance', async () => {
    // axios tunnels non-loopback HTTPS through HTTPS_PROXY: a loopback proxy sees which host the CLI
    // asks for, then hangs up before TLS, so nothing leaves this machine and no DNS lookup happens.
    const tunnels: string[] = [];
    const sockets: Duplex[] = [];
    const proxy = createServer();
    proxy.on('connect', (request: IncomingMessage, socket: Duplex) => {
      tunnels.push(request.url ?? '');
      sockets.push(socket);
      socket.end('HTTP/1.1 200 Connection Established\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const result = await cli(
        ['create', '--url', 'https://shop.example/x', '--service', 'INVOICE', '--json'],
        {
          env: {
            WEBHOOK_TRAY_BASE_URL: undefined,
            HTTPS_PROXY: proxyUrl,
            https_proxy: proxyUrl,
            NO_PROXY: undefined,
            no_proxy: undefined,
          },
        },
      );
      expect(result.code, result.stderr).toBe(1);
      expect(tunnels).toEqual(['api.calypso.finance:443']);
      expect(json(result)).toMatchObject({
        error: { kind: 'network', message: expect.stringMatching(/^Cannot reach api\.calypso\.finance /) },
      });
      expect(apiRequests()).toEqual([]);
    } finally {
      // A tunnel socket is no longer the server's: close() would wait for it forever.
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('--json errors carry retryAfterMs when Calypso said how long to wait', async () => {
    sandbox.control.injectFault({ status: 429, message: 'Too many requests', retryAfter: '42' });
    const result = await cli(['create', '--url', 'https://shop.example/x', '--service', 'INVOICE', '--json']);
    expect(result.code).toBe(1);
    expect(json(result)).toEqual({
      error: {
        kind: 'rate-limit',
        message: expect.stringContaining('try again after 42 s'),
        status: 429,
        retryAfterMs: 42_000,
      },
    });
    sandbox.control.injectFault({ status: 500, message: 'boom' });
    const withoutWait = await cli([
      'create',
      '--url',
      'https://shop.example/x',
      '--service',
      'INVOICE',
      '--json',
    ]);
    expect(json(withoutWait)).toMatchObject({ error: { kind: 'server', status: 500 } });
    expect(json<{ error: object }>(withoutWait).error).not.toHaveProperty('retryAfterMs');
  });

  it('a server error exits 1 with its kind and status', async () => {
    sandbox.control.injectFault({ status: 500, message: 'boom', count: 'always' });
    const result = await cli(['create', '--url', 'https://shop.example/x', '--service', 'INVOICE', '--json']);
    expect(result.code).toBe(1);
    expect(json(result)).toMatchObject({ error: { kind: 'server', status: 500 } });
  });

  it('--timeout SECONDS bounds each request: a hang exits 1 with a timeout error', async () => {
    sandbox.control.injectFault({ hang: true, count: 'always' });
    const result = await cli([
      '--timeout',
      '0.3',
      'create',
      '--url',
      'https://shop.example/x',
      '--service',
      'INVOICE',
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(json(result)).toMatchObject({ error: { kind: 'timeout' } });
  });

  it('an unreachable server exits 1 with a network error', async () => {
    const result = await cli(
      ['create', '--url', 'https://shop.example/x', '--service', 'INVOICE', '--json'],
      {
        env: { WEBHOOK_TRAY_BASE_URL: 'http://127.0.0.1:9' },
      },
    );
    expect(result.code).toBe(1);
    expect(json(result)).toMatchObject({ error: { kind: 'network' } });
  });

  it.each([
    [['--timeout', 'soon', 'list'], '--timeout must be a number of seconds'],
    [['list', '--bogus'], "unknown option '--bogus'"],
    [['bogus'], "unknown command 'bogus'"],
    [[], 'Usage: webhook-tray'],
  ])('usage error %j exits 2', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(apiRequests()).toEqual([]);
  });

  it('--help and --version exit 0', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    // --json is one document, except watch, which streams JSON lines.
    expect(help.stdout).toMatch(
      /--json\s+print one JSON document on stdout \(watch: one JSON\s+object per line\)/,
    );
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
