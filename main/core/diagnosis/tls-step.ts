import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import {
  checkServerIdentity,
  connect,
  rootCertificates,
  type PeerCertificate,
  type TLSSocket,
} from 'node:tls';
import { isIP } from 'node:net';
import { elapsedMs, untilAborted, type Deadline } from './deadline';
import type { StepOutcome } from './network-steps';
import { problem } from './problem-messages';
import type { Problem } from './types';

/** A certificate expiring within this many days is a warning (`tls-expiring`). */
export const EXPIRY_WARNING_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;

const EXPIRED_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const HOSTNAME_ERRORS = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_TLS_CERT_ALTNAME_FORMAT']);

export interface TlsResult {
  socket: TLSSocket;
  /** Problems that make Calypso's deliveries fail (the warning `tls-expiring` is not one of them). */
  blocking: boolean;
  certificate?: { validTo: string; daysLeft: number };
}

/**
 * The CA list for extra trust: Node's roots, NODE_EXTRA_CA_CERTS (which an explicit list would
 * otherwise drop) and `extra`; undefined keeps Node's default store.
 */
function trustedCas(extra: string[] | undefined): string[] | undefined {
  if (extra === undefined || extra.length === 0) return undefined;
  const fromEnvironment: string[] = [];
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (file !== undefined && file !== '') {
    try {
      fromEnvironment.push(readFileSync(file, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable file: so does this check, by ignoring it.
    }
  }
  return [...rootCertificates, ...fromEnvironment, ...extra];
}

function handshake(
  socket: Socket,
  host: string,
  ca: string[] | undefined,
  deadline: Deadline,
): Promise<TLSSocket> {
  const secure = connect({
    socket,
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...(ca === undefined ? {} : { ca }),
    // Verified below, so that an untrusted certificate is reported rather than only refused.
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  });
  const done = new Promise<TLSSocket>((resolve, reject) => {
    secure.once('secureConnect', () => {
      secure.off('error', reject);
      secure.on('error', () => undefined);
      resolve(secure);
    });
    secure.once('error', reject);
  });
  return untilAborted(done, deadline.signal, () => secure.destroy());
}

function names(certificate: PeerCertificate): string {
  const alt = certificate.subjectaltname?.replace(/DNS:|IP Address:/g, '');
  if (alt !== undefined && alt !== '') return alt;
  const common = certificate.subject?.CN;
  return (Array.isArray(common) ? common.join(', ') : common) ?? 'no name';
}

function day(date: number): string {
  return new Date(date).toISOString().slice(0, 10);
}

/** The certificate's problems, from the verification result and its own dates and names. */
function certificateProblems(
  secure: TLSSocket,
  host: string,
  certificate: PeerCertificate,
  now: number,
): Problem[] {
  const found = new Map<string, Problem>();
  const add = (item: Problem) => found.set(item.code, found.get(item.code) ?? item);
  const validFrom = Date.parse(certificate.valid_from);
  const validTo = Date.parse(certificate.valid_to);
  if (validTo < now) add(problem('tls-expired', `The certificate of ${host} expired on ${day(validTo)}`));
  if (validFrom > now)
    add(problem('tls-expired', `The certificate of ${host} is not valid before ${day(validFrom)}`));
  if (checkServerIdentity(host, certificate) !== undefined) {
    add(
      problem(
        'tls-hostname-mismatch',
        `The certificate of ${host} does not name it (it names ${names(certificate)})`,
      ),
    );
  }
  const error = secure.authorizationError as unknown as string | null;
  if (error !== null && !EXPIRED_ERRORS.has(error) && !HOSTNAME_ERRORS.has(error)) {
    add(problem('tls-untrusted', `The certificate of ${host} is not trusted (${error})`));
  }
  const daysLeft = Math.ceil((validTo - now) / DAY_MS);
  if (found.size === 0 && daysLeft <= EXPIRY_WARNING_DAYS) {
    add(
      problem('tls-expiring', `The certificate of ${host} expires in ${daysLeft} days, on ${day(validTo)}`),
    );
  }
  return [...found.values()];
}

/** TLS: a handshake with the host's name, then the chain, the name and the dates checked. */
export async function tlsStep(
  socket: Socket,
  host: string,
  extraCa: string[] | undefined,
  deadline: Deadline,
): Promise<StepOutcome<TlsResult>> {
  const start = performance.now();
  let secure: TLSSocket;
  try {
    secure = await handshake(socket, host, trustedCas(extraCa), deadline);
  } catch (error) {
    deadline.throwIfCancelled();
    const ms = elapsedMs(start);
    if (deadline.expired()) {
      const summary = `The TLS handshake with ${host} did not finish within ${deadline.budgetMs / 1000} s`;
      return {
        step: { step: 'tls', ok: false, ms, detail: summary },
        problems: [problem('connect-timeout', summary)],
      };
    }
    const reason = error instanceof Error ? error.message : String(error);
    const summary = `The TLS handshake with ${host} failed (${reason})`;
    const detail = `${summary}: is the port serving HTTPS?`;
    return { step: { step: 'tls', ok: false, ms, detail }, problems: [problem('tls-untrusted', summary)] };
  }
  const certificate = secure.getPeerCertificate();
  const now = Date.now();
  const problems = certificateProblems(secure, host, certificate, now);
  const validTo = Date.parse(certificate.valid_to);
  const daysLeft = Math.ceil((validTo - now) / DAY_MS);
  const blocking = problems.some((item) => item.code !== 'tls-expiring');
  const issuer = [certificate.issuer?.CN ?? certificate.issuer?.O ?? 'unknown issuer'].flat().join(', ');
  const detail =
    `${secure.getProtocol() ?? 'TLS'}, certificate for ${names(certificate)} issued by ${issuer}, ` +
    `valid until ${day(validTo)} (${daysLeft} days)` +
    (problems.length === 0 ? ', trusted' : `: ${problems.map((item) => item.summary).join('; ')}`);
  return {
    step: { step: 'tls', ok: !blocking, ms: elapsedMs(start), detail },
    problems,
    value: { socket: secure, blocking, certificate: { validTo: new Date(validTo).toISOString(), daysLeft } },
  };
}
