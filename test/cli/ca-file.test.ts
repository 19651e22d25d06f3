/**
 * The built CLI against an HTTPS server whose certificate a private CA issued (an HTTPS-inspecting
 * proxy's, as far as the CLI can tell): refused by default, trusted with --ca-file,
 * WEBHOOK_TRAY_CA_FILE or NODE_EXTRA_CA_CERTS, and a bad CA file is a usage error with nothing sent.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeRawServers, rawServer, TEST_TLS, type RawServer } from '../support/raw-http';
import { makeTestCa, type TestCa } from '../support/test-ca';
import { isolatedConfigDir, json, requireBuiltCli, runCli } from './cli-harness';

const LIST = JSON.stringify({
  subscriptions: [{ requestId: 'r1', url: 'https://shop.example/hook', enabled: true }],
});

let ca: TestCa;
let server: RawServer;
let env: Record<string, string>;

beforeAll(async () => {
  requireBuiltCli();
  ca = makeTestCa();
});
afterAll(() => ca.remove());
afterEach(closeRawServers);

async function start(): Promise<void> {
  server = await rawServer((_request, response) => response.end(LIST), { tls: ca.server });
  env = {
    WEBHOOK_TRAY_BASE_URL: server.url,
    WEBHOOK_TRAY_ACCOUNT: '0x0000000000000000000000000000000000000001',
    WEBHOOK_TRAY_API_KEY: 'key',
    WEBHOOK_TRAY_API_SECRET: 'secret',
    WEBHOOK_TRAY_CONFIG_DIR: isolatedConfigDir(),
  };
}

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return runCli(args, { env: { ...env, ...extraEnv } });
}

function fileWith(name: string, text: string): string {
  const file = join(ca.dir, name);
  writeFileSync(file, text);
  return file;
}

describe('--ca-file', () => {
  it('without it, the private CA is not trusted: exit 1, and the message names the flag', async () => {
    await start();
    const result = await cli(['list', '--json']);
    expect(result.code).toBe(1);
    const { error } = json<{ error: { kind: string; message: string } }>(result);
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect(error.message).toContain('--ca-file (or WEBHOOK_TRAY_CA_FILE, or NODE_EXTRA_CA_CERTS)');
    expect(error.message).not.toContain('Settings');
    expect(server.requests).toEqual([]);
  });

  it('with it (or WEBHOOK_TRAY_CA_FILE, or NODE_EXTRA_CA_CERTS), the list is read', async () => {
    await start();
    for (const [args, extraEnv] of [
      [['--ca-file', ca.caFile], {}],
      [[], { WEBHOOK_TRAY_CA_FILE: ca.caFile }],
      [[], { NODE_EXTRA_CA_CERTS: ca.caFile }],
      // An explicit list replaces Node's default store: NODE_EXTRA_CA_CERTS must be kept beside the flag.
      [['--ca-file', fileWith('unrelated.pem', TEST_TLS.cert)], { NODE_EXTRA_CA_CERTS: ca.caFile }],
    ] as const) {
      const result = await cli([...args, 'list', '--json'], extraEnv);
      expect(
        result.code,
        `${args.join(' ')} ${JSON.stringify(extraEnv)}: ${result.stdout}${result.stderr}`,
      ).toBe(0);
      expect(json<{ subscriptions: { url: string }[] }>(result).subscriptions.map((s) => s.url)).toEqual([
        'https://shop.example/hook',
      ]);
    }
    expect(server.requests).toHaveLength(4);
  });

  it('an unrelated CA file does not make the server trusted', async () => {
    await start();
    const result = await cli(['--ca-file', fileWith('other.pem', TEST_TLS.cert), 'list', '--json']);
    expect(result.code).toBe(1);
    expect(server.requests).toEqual([]);
  });

  it.each([
    [
      'a missing file',
      ['--ca-file', '/nonexistent/ca.pem'],
      {},
      /^--ca-file: cannot read \/nonexistent\/ca\.pem: there is no such file\./,
    ],
    [
      'a file without a certificate',
      ['--ca-file', 'NO_PEM'],
      {},
      /^--ca-file: .*no-pem\.txt holds no PEM certificate\./,
    ],
    [
      'a missing file from the environment',
      [],
      { WEBHOOK_TRAY_CA_FILE: '/nonexistent/ca.pem' },
      /^WEBHOOK_TRAY_CA_FILE: cannot read/,
    ],
  ])(
    '%s is a usage error (exit 2) that names where it came from, and nothing is sent',
    async (_case, args, extraEnv, message) => {
      await start();
      const flagArgs = args.map((arg) =>
        arg === 'NO_PEM' ? fileWith('no-pem.txt', 'not a certificate\n') : arg,
      );
      const result = await cli([...flagArgs, 'list', '--json'], extraEnv);
      expect(result.code).toBe(2);
      const { error } = json<{ error: { kind: string; message: string } }>(result);
      expect(error.kind).toBe('validation');
      expect(error.message).toMatch(message);
      expect(error.message).toContain('must name a PEM file holding the CA certificate of your network');
      expect(server.connections()).toBe(0);
    },
  );

  it('a relative path is read from the current folder', async () => {
    await start();
    const result = await runCli(['--ca-file', 'ca-cert.pem', 'list', '--json'], { env, cwd: ca.dir });
    expect(result.code, result.stderr).toBe(0);
  });
});
