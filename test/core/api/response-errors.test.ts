/**
 * How a non-2xx answer is classified: the status decides first (429, 404, 5xx, 401/403), and only a
 * 400 is read for the specific phrases that mean a refused signature, key or request time.
 */
import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../../main/core/api/response-errors';

function classify(status: number, message: string, retryAfterMs?: number) {
  return errorFromResponse({
    status,
    body: JSON.stringify({ message }),
    secrets: [],
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

describe('errorFromResponse', () => {
  it('429 is rate-limit even when its message mentions the API key', () => {
    const error = classify(429, 'Rate limit exceeded for this API key', 30_000);
    expect(error).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 30_000 });
    expect(error.message).toContain('try again after 30 s');
  });

  it('404 is not-found even when its message mentions a key', () => {
    const error = classify(404, 'Subscription not found for key');
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
    expect(error.message).toContain('Refresh the list');
  });

  it('5xx is server even when its message mentions a signature or the timestamp', () => {
    expect(classify(500, 'Signature service unavailable').kind).toBe('server');
    expect(classify(503, 'timestamp window check failed upstream').kind).toBe('server');
  });

  it('401 and 403 are always auth, whatever the message', () => {
    expect(classify(401, 'Nope').kind).toBe('auth');
    expect(classify(403, 'Access denied')).toMatchObject({ kind: 'auth', status: 403 });
    expect(classify(403, 'Access denied').message).toContain('refused access');
  });

  it('a 400 that only names the timestamp field is rejected, not a clock problem', () => {
    for (const message of [
      'payload.timestamp is required',
      'timestamp is required: Unix time in milliseconds',
    ]) {
      const error = classify(400, message);
      expect(error.kind, message).toBe('rejected');
      expect(error.message).not.toContain('clock');
      expect(error.message).toContain('Check the values you entered');
    }
  });

  it('a 400 refusing the request time is auth and blames the clock', () => {
    for (const message of [
      'Request timestamp is outside the allowed window of 3 minutes around server time',
      'timestamp expired',
      'Timestamp out of range',
      'timestamp too old',
      'timestamp skew too large',
    ]) {
      const error = classify(400, message);
      expect(error.kind, message).toBe('auth');
      expect(error.message).toContain("Check that this computer's clock is set correctly");
    }
  });

  it('a 400 refusing the signature or the key is auth and points at the credentials', () => {
    for (const message of [
      'Invalid signature',
      'Sign header is invalid',
      'sign mismatch',
      'Signature does not match',
      'Unknown API key',
      'unknown key',
      'Invalid key',
    ]) {
      const error = classify(400, message);
      expect(error.kind, message).toBe('auth');
      expect(error.message).toContain('Check the API key and secret');
    }
  });

  it('a 400 that merely mentions a key, a sign or a signature is rejected', () => {
    for (const message of [
      'Rate limit exceeded for this API key',
      'key "url" is required',
      'payload.url must be signed with https',
      'Sign up first',
    ]) {
      expect(classify(400, message).kind, message).toBe('rejected');
    }
  });

  it('the keyword check is for 400 only: another 4xx mentioning the signature is rejected', () => {
    expect(classify(422, 'Invalid signature format in url').kind).toBe('rejected');
    expect(classify(409, 'unknown key').kind).toBe('rejected');
  });
});
