/**
 * calypso_webhook_certificate_expiry_timestamp_seconds through the built CLI: an https receiver on
 * loopback with a certificate openssl made here, watched for an account whose API (the sandbox) is
 * on this machine; the expected date comes from the certificate itself.
 */
import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../main/core/sandbox';
import { series } from '../support/prom-text';
import { makeTestCa, type TestCa } from '../support/test-ca';
import { startCliSandbox } from './cli-harness';
import { scrapeUntil, startExporter } from './exporter-harness';

let sandbox: RunningSandbox;
let env: Record<string, string>;
let ca: TestCa;
let receiver: Server;
let receiverPort = 0;
let requests = 0;

beforeEach(async () => {
  ({ sandbox, env } = await startCliSandbox());
  ca = makeTestCa();
  receiver = createServer(ca.server, (_request, response) => {
    requests += 1;
    response.end('ok');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverPort = (receiver.address() as { port: number }).port;
});
afterEach(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await sandbox.close();
  ca.remove();
});

describe('exporter: certificate expiry', () => {
  it("exports when an https receiver's certificate expires, and nothing for http receivers", async () => {
    const https = sandbox.control.addSubscription({
      url: `https://127.0.0.1:${receiverPort}/calypso?token=s3cret`,
    }).requestId;
    sandbox.control.addSubscription({ url: 'http://127.0.0.1:9/plain' });
    const exporter = await startExporter(['--interval', '1', '--ca-file', ca.caFile], env);
    const samples = await scrapeUntil(
      exporter,
      'the certificate to be checked',
      (s) => series(s, 'calypso_webhook_certificate_expiry_timestamp_seconds').length > 0,
    );
    const expiry = series(samples, 'calypso_webhook_certificate_expiry_timestamp_seconds');
    expect(expiry).toEqual([
      {
        name: 'calypso_webhook_certificate_expiry_timestamp_seconds',
        labels: {
          profile: 'environment',
          account: sandbox.credentials.account,
          request_id: https,
          url: `https://127.0.0.1:${receiverPort}/calypso`,
        },
        value: Date.parse(new X509Certificate(ca.server.cert).validTo) / 1000,
      },
    ]);
    // A TLS handshake only: the receiver never got a request.
    expect(requests).toBe(0);
  });
});
