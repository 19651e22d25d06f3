import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TlsIdentity } from './raw-http';

/** A private CA made for one test run, and a server certificate it signed. */
export interface TestCa {
  /** The CA certificate's PEM file: what a merchant would give as the extra CA file. */
  caFile: string;
  caCert: string;
  /** For localhost, 127.0.0.1 and calypso.example, issued by the CA (not self-signed). */
  server: TlsIdentity;
  dir: string;
  remove(): void;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/**
 * Makes a CA and a server certificate with `openssl`, like the CA of an HTTPS-inspecting proxy
 * and the certificate it forges: nothing trusts them unless a test adds the CA.
 */
export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'wt-test-ca-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    dir,
    'req',
    '-x509',
    ...ec,
    '-days',
    '2',
    '-subj',
    '/CN=webhook-tray test inspecting proxy CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca-cert.pem',
  );
  openssl(dir, 'req', ...ec, '-subj', '/CN=localhost', '-keyout', 'server-key.pem', '-out', 'server.csr');
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=DNS:localhost,DNS:calypso.example,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca-cert.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server-cert.pem',
  );
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    caFile: join(dir, 'ca-cert.pem'),
    caCert: read('ca-cert.pem'),
    server: { cert: read('server-cert.pem'), key: read('server-key.pem') },
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
