import type { Problem, ProblemCode } from './types';

/** Every result carries this: the probe runs from the merchant's computer, not from Calypso. */
export const SEEN_FROM_CAVEAT =
  "Seen from this computer. Calypso connects from its own servers: a firewall that admits only Calypso may refuse this check and still let Calypso's deliveries through.";

/** What the merchant can do about each problem. */
const ADVICE: Record<ProblemCode, string> = {
  'dns-failed': 'Check the host name in the webhook URL, and that its DNS records exist.',
  'connection-refused':
    'Nothing accepts connections on that port: start the receiver, or check the port in the URL and the firewall.',
  'connect-timeout':
    'A firewall may be dropping the connection, or the server is down: check that the server is up and the port is open to the internet.',
  'tls-untrusted':
    "Use a certificate from a public certificate authority (Let's Encrypt, for example) and serve the full chain, intermediates included.",
  'tls-expired': 'Renew the certificate: Calypso cannot deliver to a server whose certificate is not valid.',
  'tls-hostname-mismatch':
    'Install a certificate for this host name, or change the webhook URL to a name the certificate covers.',
  'tls-expiring': 'Renew it before then: Calypso cannot deliver once it has expired.',
  'http-not-found':
    'The path is probably wrong: check the path in the webhook URL and that the receiver accepts POST there.',
  'http-5xx': 'The receiver fails on the request: check its logs for the error.',
  // INFERRED: Calypso does not document its delivery timeout; a receiver slower than this budget is suspect.
  'http-timeout':
    'Calypso counts a slow answer as a failed delivery: answer 200 at once and do the work afterwards.',
  'http-no-answer': 'The receiver may have crashed on the request: check its logs.',
  // INFERRED: Calypso's documentation does not say it follows redirects; a redirect is treated as a failure.
  redirect: 'Calypso does not follow redirects: put the final address in the webhook URL.',
  'accepts-bad-signature':
    'It does not verify signatures, so anyone can send it fake events: compare Sign with the HMAC-SHA512 (hex) of the raw body made with the secret key, and answer 401 when they differ.',
};

/** A problem from its code and the finding, in one sentence without a final period. */
export function problem(code: ProblemCode, summary: string): Problem {
  return { code, summary, message: `${summary}. ${ADVICE[code]}` };
}
