import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cliCertificates,
  createAppTrust,
  readCaFile,
  withBundledRoots,
} from '../../../main/core/api/trust-store';
import {
  closeRawServers,
  failure,
  rawServer,
  rawServerClient as clientOf,
  TEST_TLS,
} from '../../support/raw-http';
import { makeTestCa, type TestCa } from '../../support/test-ca';
import { closeConnectProxies, connectProxy } from './connect-proxy';

const LIST = JSON.stringify({
  subscriptions: [{ requestId: 'r1', url: 'https://shop.example/hook', enabled: true }],
});
const SETTING = 'Extra CA certificate (Settings)';

let ca: TestCa;
beforeAll(() => {
  ca = makeTestCa();
});
afterAll(() => ca.remove());
afterEach(async () => {
  delete process.env.HTTPS_PROXY;
  await closeConnectProxies();
  await closeRawServers();
});

/** An HTTPS origin whose certificate the test CA issued. */
function inspectedOrigin() {
  return rawServer((_request, response) => response.end(LIST), { tls: ca.server });
}

const sameText = (pem: string) => pem.trim();

describe('the certificate list a client trusts', () => {
  it('adds the extra CA to every bundled root rather than replacing them', () => {
    const list = withBundledRoots(readCaFile(ca.caFile, SETTING));
    for (const root of tls.rootCertificates) expect(list).toContain(sameText(root));
    expect(list).toContain(sameText(ca.caCert));
    expect(list).toHaveLength(tls.rootCertificates.length + 1);
  });

  it('keeps NODE_EXTRA_CA_CERTS beside the CLI file, which an explicit list would drop', () => {
    const list = cliCertificates(ca.caFile, '--ca-file', { NODE_EXTRA_CA_CERTS: otherCa() });
    expect(list).toContain(sameText(TEST_TLS.cert));
    expect(list).toContain(sameText(ca.caCert));
    expect(cliCertificates(undefined, '--ca-file', {})).toBeUndefined();
  });

  it.each([
    ['a relative path', () => 'ca.pem', /"ca\.pem" is not an absolute path/],
    ['a missing file', () => join(ca.dir, 'absent.pem'), /cannot read .*absent\.pem: there is no such file/],
    ['a folder', () => ca.dir, /cannot read .*: it is a folder/],
    ['a file without a certificate', () => fileWith('no certificate here\n'), /holds no PEM certificate/],
    [
      'a damaged certificate',
      () => fileWith('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
      /certificate 1 of .* is damaged/,
    ],
  ])('refuses %s, naming where the path came from', (_case, path, problem) => {
    let thrown: unknown;
    try {
      readCaFile(path(), '--ca-file');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ kind: 'validation' });
    expect((thrown as Error).message).toMatch(/^--ca-file: /);
    expect((thrown as Error).message).toMatch(problem);
    expect((thrown as Error).message).toContain('must name a PEM file');
  });
});

describe('an HTTPS origin whose certificate a private CA issued', () => {
  it('is refused by default, and trusted once the CA is added', async () => {
    const origin = await inspectedOrigin();
    const refused = await failure(clientOf(origin.url).list());
    expect(refused.message).toMatch(/is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    const trusted = withBundledRoots(readCaFile(ca.caFile, SETTING));
    const channels = await clientOf(origin.url, { trust: () => trusted }).list();
    expect(channels.map((channel) => channel.url)).toEqual(['https://shop.example/hook']);
  });

  it('is trusted through an HTTPS proxy tunnel too', async () => {
    const origin = await inspectedOrigin();
    const proxy = await connectProxy(Number(new URL(origin.url).port));
    process.env.HTTPS_PROXY = proxy.url;
    const trusted = withBundledRoots(readCaFile(ca.caFile, SETTING));
    const channels = await clientOf('https://calypso.example', { trust: () => trusted }).list();
    expect(channels).toHaveLength(1);
    expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual(['calypso.example:443']);
  });

  it("follows the app's setting: a changed path is read at the next request; an unreadable one sends nothing", async () => {
    const origin = await inspectedOrigin();
    let setting: string | null = null;
    const client = clientOf(origin.url, { trust: createAppTrust(() => setting, SETTING), maxListRetries: 0 });
    expect((await failure(client.list())).message).toMatch(/is not trusted/);
    setting = ca.caFile;
    await expect(client.list()).resolves.toHaveLength(1);
    setting = join(ca.dir, 'moved.pem');
    const connections = origin.connections();
    const unreadable = await failure(client.list());
    expect(unreadable.kind).toBe('validation');
    expect(unreadable.message).toMatch(/^Extra CA certificate \(Settings\): cannot read .*moved\.pem/);
    expect(origin.connections()).toBe(connections);
    expect(origin.requests).toHaveLength(1);
  });
});

function fileWith(text: string): string {
  const file = join(ca.dir, `file-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(file, text);
  return file;
}

function otherCa(): string {
  return fileWith(TEST_TLS.cert);
}
