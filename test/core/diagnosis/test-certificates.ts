import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Identity {
  cert: string;
  key: string;
}

export interface TestCertificates {
  /** The test CA, to pass as `ca`. */
  ca: string;
  /** Signed by the CA for localhost and 127.0.0.1, valid 90 days. */
  valid: Identity;
  /** Signed by the CA for localhost and 127.0.0.1, expiring in 5 days. */
  expiring: Identity;
  /** Signed by the CA for localhost and 127.0.0.1, valid only in the year 2000. */
  expired: Identity;
  /** Signed by the CA for other.example only. */
  wrongHost: Identity;
  /** Self-signed for localhost and 127.0.0.1: no CA vouches for it. */
  selfSigned: Identity;
  /** The PEM file of the CA, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  remove(): void;
}

const LOCAL_NAMES = 'subjectAltName=DNS:localhost,IP:127.0.0.1';
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** `openssl ca` settings that copy the request's names and accept any subject. */
const CA_CONFIG = `[ca]
default_ca = test
[test]
database = index.txt
new_certs_dir = .
certificate = ca.pem
private_key = ca.key
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
`;

/**
 * Makes a CA and the certificates of every TLS problem with `openssl` in a fresh folder: `openssl ca`
 * sets past dates with -startdate/-enddate, which `openssl x509` of OpenSSL 3.0 cannot.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'wt-diagnosis-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  openssl(
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '30',
    '-subj',
    '/CN=webhook-tray diagnosis test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');

  const request = (name: string, names: string) =>
    openssl(
      'req',
      '-new',
      ...EC_KEY,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
      '-addext',
      names,
    );
  const signed = (name: string, names: string, dates: string[]): Identity => {
    request(name, names);
    openssl(
      'ca',
      '-batch',
      '-notext',
      '-config',
      'ca.cnf',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      ...dates,
    );
    return { cert: read(`${name}.pem`), key: read(`${name}.key`) };
  };

  const valid = signed('valid', LOCAL_NAMES, ['-days', '90']);
  const expiring = signed('expiring', LOCAL_NAMES, ['-days', '5']);
  const expired = signed('expired', LOCAL_NAMES, [
    '-startdate',
    '20000101000000Z',
    '-enddate',
    '20010101000000Z',
  ]);
  const wrongHost = signed('wrong-host', 'subjectAltName=DNS:other.example', ['-days', '90']);
  openssl(
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '90',
    '-subj',
    '/CN=self-signed',
    '-addext',
    LOCAL_NAMES,
  );
  return {
    ca: read('ca.pem'),
    caFile: join(dir, 'ca.pem'),
    valid,
    expiring,
    expired,
    wrongHost,
    selfSigned: { cert: read('self.pem'), key: read('self.key') },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
