import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Calypso's `Sign` header: lowercase hex HMAC-SHA512 of the exact body bytes, keyed with the
 * API secret. Callers must send the very string they signed; re-serializing breaks the signature.
 */
export function sign(body: string | Buffer, secret: string): string {
  return createHmac('sha512', secret).update(body).digest('hex');
}

/** Constant-time check of a `Sign` header against a body; used by the sandbox and by receivers. */
export function verifySignature(body: string | Buffer, secret: string, signature: string): boolean {
  const expected = Buffer.from(sign(body, secret), 'hex');
  if (!/^[0-9a-fA-F]+$/.test(signature)) return false;
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
