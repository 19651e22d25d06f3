/**
 * TLS problems against loopback HTTPS servers with certificates made here by openssl: self-signed,
 * expired, for another host, expiring in 5 days, and a trusted one; the test CA goes in through `ca`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkConnection, diagnoseUrl, type Diagnosis } from '../../../main/core/diagnosis';
import { answer, closeLoopbackServers, loopbackServer } from './loopback-servers';
import { makeTestCertificates, type TestCertificates } from './test-certificates';

let certificates: TestCertificates;
beforeAll(() => {
  certificates = makeTestCertificates();
});
afterAll(() => certificates.remove());
afterEach(closeLoopbackServers);

const codes = (diagnosis: Diagnosis) => diagnosis.problems.map((problem) => problem.code);
const tlsStep = (diagnosis: Diagnosis) => diagnosis.steps.find((step) => step.step === 'tls');

async function diagnoseWith(identity: TestCertificates['valid'], trustCa = true) {
  const server = await loopbackServer(answer(401), identity);
  const diagnosis = await diagnoseUrl(server.url, {
    allowPrivateAddresses: true,
    ...(trustCa ? { ca: [certificates.ca] } : {}),
  });
  return { server, diagnosis };
}

describe('TLS', () => {
  it('a certificate from the trusted CA passes, with its days to expiry, and the probe is sent', async () => {
    const { server, diagnosis } = await diagnoseWith(certificates.valid);
    expect(codes(diagnosis)).toEqual([]);
    expect(tlsStep(diagnosis)).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/\(90 days\), trusted$/),
    });
    expect(diagnosis.certificate?.daysLeft).toBe(90);
    expect(server.received).toHaveLength(1);
  });

  it('a self-signed certificate is tls-untrusted, and no request is sent over it', async () => {
    const { server, diagnosis } = await diagnoseWith(certificates.selfSigned, false);
    expect(codes(diagnosis)).toEqual(['tls-untrusted']);
    expect(diagnosis.problems[0]!.summary).toMatch(/not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    expect(tlsStep(diagnosis)!.ok).toBe(false);
    expect(diagnosis.steps.map((step) => step.step)).toEqual(['dns', 'tcp', 'tls']);
    expect(server.received).toEqual([]);
  });

  it('a certificate of an unknown CA is tls-untrusted when the CA is not given', async () => {
    const { diagnosis } = await diagnoseWith(certificates.valid, false);
    expect(codes(diagnosis)).toEqual(['tls-untrusted']);
  });

  it('an expired certificate is tls-expired, with the date it expired', async () => {
    const { diagnosis } = await diagnoseWith(certificates.expired);
    expect(codes(diagnosis)).toEqual(['tls-expired']);
    expect(diagnosis.problems[0]!.summary).toBe('The certificate of 127.0.0.1 expired on 2001-01-01');
    expect(diagnosis.problems[0]!.message).toMatch(/Renew the certificate/);
  });

  it('a certificate for another host is tls-hostname-mismatch, naming the host it is for', async () => {
    const { diagnosis } = await diagnoseWith(certificates.wrongHost);
    expect(codes(diagnosis)).toEqual(['tls-hostname-mismatch']);
    expect(diagnosis.problems[0]!.summary).toMatch(/does not name it \(it names other\.example\)/);
  });

  it('a certificate expiring in 5 days is the warning tls-expiring, and the probe still runs', async () => {
    const { server, diagnosis } = await diagnoseWith(certificates.expiring);
    expect(codes(diagnosis)).toEqual(['tls-expiring']);
    expect(diagnosis.severity).toBe('warning');
    expect(diagnosis.problems[0]!.summary).toMatch(/expires in 5 days, on \d{4}-\d\d-\d\d$/);
    expect(tlsStep(diagnosis)!.ok).toBe(true);
    expect(diagnosis.steps.at(-1)).toMatchObject({ step: 'http', ok: true });
    expect(server.received).toHaveLength(1);
  });

  it('a plain HTTP server behind an https URL fails the handshake as tls-untrusted', async () => {
    const server = await loopbackServer(answer(401));
    const diagnosis = await diagnoseUrl(server.url.replace('http:', 'https:'), {
      allowPrivateAddresses: true,
    });
    expect(codes(diagnosis)).toEqual(['tls-untrusted']);
    expect(tlsStep(diagnosis)!.detail).toMatch(/is the port serving HTTPS\?$/);
  });

  it('the connection check does the handshake and reports the certificate, without a request', async () => {
    const server = await loopbackServer(answer(401), certificates.expiring);
    const diagnosis = await checkConnection(server.url, {
      allowPrivateAddresses: true,
      ca: [certificates.ca],
    });
    expect(codes(diagnosis)).toEqual(['tls-expiring']);
    expect(diagnosis.steps.map((step) => step.step)).toEqual(['dns', 'tcp', 'tls']);
    expect(server.received).toEqual([]);
  });
});
