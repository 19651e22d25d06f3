import axios from 'axios';
import { AppError } from '../../common/errors';
import { MAX_RESPONSE_BYTES } from './http-instance';
import { formatWait } from './response-errors';

/**
 * OpenSSL's and Node's codes for a server certificate that cannot be trusted. Behind a company
 * proxy or an antivirus that inspects HTTPS, every request fails with one of these.
 */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** A certificate outside its validity dates: most often this computer's clock is wrong. */
const CERTIFICATE_DATE_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** How an attempt ended without a response, as the request execution saw it. */
export interface FailedAttempt {
  error: unknown;
  host: string;
  timeoutMs: number;
  timedOut: boolean;
  cancelled: boolean;
}

/** The error for a failed attempt, and whether another attempt a second later could fix it. */
export interface TransportFailure {
  error: AppError;
  /** A certificate refused, an answer too large...: the list is not retried, the next poll tries again. */
  permanent: boolean;
}

function codeOf(error: unknown): string {
  return error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'connection failed';
}

/** zlib's error codes (and brotli's) for input that is not what its encoding says. */
function isDecodingCode(code: string): boolean {
  return code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__');
}

function isTooLarge(error: unknown): boolean {
  return axios.isAxiosError(error) && error.message.includes('maxContentLength');
}

function transient(error: AppError): TransportFailure {
  return { error, permanent: false };
}

function permanent(error: AppError): TransportFailure {
  return { error, permanent: true };
}

/** Maps what one attempt threw to an AppError whose message says what the merchant can do. */
export function transportFailure(failed: FailedAttempt): TransportFailure {
  const { host } = failed;
  // Raised before anything was sent (the extra CA file of the settings cannot be read): said as it is.
  if (failed.error instanceof AppError) return permanent(failed.error);
  if (failed.timedOut) {
    return transient(
      new AppError(
        'timeout',
        `${host} did not answer within ${formatWait(failed.timeoutMs)}. Check the internet connection and try again; Calypso may be slow right now.`,
      ),
    );
  }
  if (failed.cancelled) {
    return permanent(new AppError('network', `The request to ${host} was cancelled before it completed.`));
  }
  const code = codeOf(failed.error);
  if (isTooLarge(failed.error)) {
    return permanent(
      new AppError(
        'bad-response',
        `${host} sent an answer larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB, which is not a Calypso response. Check the base URL in the account settings.`,
      ),
    );
  }
  if (isDecodingCode(code)) {
    return permanent(
      new AppError(
        'bad-response',
        `${host} sent a compressed answer that cannot be decompressed, which is not a Calypso response. Check the base URL in the account settings; a proxy may be altering the answers.`,
      ),
    );
  }
  if (CERTIFICATE_DATE_CODES.has(code)) {
    return permanent(
      new AppError(
        'network',
        `The certificate of ${host} is outside its validity dates (${code}). Check this computer's date and time, then try again.`,
      ),
    );
  }
  if (UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return permanent(
      new AppError(
        'network',
        `The certificate of ${host} is not trusted (${code}). Check the base URL in the account settings. If your network inspects HTTPS (a company proxy or an antivirus), choose its CA certificate file as the extra CA certificate in Settings.`,
      ),
    );
  }
  return transient(
    new AppError(
      'network',
      `Cannot reach ${host} (${code}). Check the internet connection and the base URL in the account settings.`,
    ),
  );
}
