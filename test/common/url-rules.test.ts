import { describe, expect, it } from 'vitest';
import { baseUrlIssue, isLoopbackHost, receiversMayBePrivate, urlIssue } from '../../main/common/url-rules';

describe('isLoopbackHost: 127.0.0.0/8, ::1 in any spelling, the literal localhost', () => {
  it.each([
    '127.0.0.1',
    '127.0.0.2',
    '127.255.255.254',
    'localhost',
    'LOCALHOST',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '0000:0000:0000:0000:0000:0000:0000:0001',
    '0::1',
    '0:0::0:1',
  ])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    'sandbox.localhost',
    'localhost.example.com',
    '128.0.0.1',
    '10.0.0.1',
    '127.0.0.256',
    '127.1',
    '::',
    '::2',
    '1::1',
    '::ffff:127.0.0.1',
    '0:0:0:0:0:0:0:0:1',
    'example.com',
    '',
  ])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('receiversMayBePrivate: private receivers are checked only for an account on this computer', () => {
  it('is true for a loopback base URL (the sandbox) and false for any other, a bad one or none', () => {
    expect(receiversMayBePrivate('http://127.0.0.1:8080')).toBe(true);
    expect(receiversMayBePrivate('http://[::1]:8080')).toBe(true);
    expect(receiversMayBePrivate('http://localhost:8080')).toBe(true);
    expect(receiversMayBePrivate('https://api.calypso.finance')).toBe(false);
    expect(receiversMayBePrivate('https://10.0.0.5')).toBe(false);
    expect(receiversMayBePrivate('not a url')).toBe(false);
    expect(receiversMayBePrivate(null)).toBe(false);
  });
});

describe('urlIssue', () => {
  it('accepts https anywhere and http to loopback', () => {
    expect(urlIssue('https://shop.example/hooks')).toBeNull();
    expect(urlIssue('http://127.0.0.1:8080/hooks')).toBeNull();
    expect(urlIssue('http://[::1]:8080/hooks')).toBeNull();
    expect(urlIssue('http://localhost/hooks')).toBeNull();
  });

  it('names each problem, quoting at most the host', () => {
    expect(urlIssue('shop.example/hooks')).toEqual({ code: 'not-absolute' });
    expect(urlIssue('ftp://shop.example/')).toEqual({ code: 'not-http', protocol: 'ftp:' });
    expect(urlIssue('https://user:pw@shop.example/')).toEqual({ code: 'has-credentials' });
    expect(urlIssue('http://shop.example:81/hooks?token=x')).toEqual({
      code: 'insecure-http',
      host: 'shop.example:81',
    });
    expect(urlIssue('http://sandbox.localhost/hooks')).toEqual({
      code: 'insecure-http',
      host: 'sandbox.localhost',
    });
  });

  it('lets a policy allow plain http elsewhere', () => {
    expect(urlIssue('http://192.0.2.10/hooks', { allowInsecure: true })).toBeNull();
  });

  it('refuses a query or fragment only in a base URL', () => {
    expect(urlIssue('https://shop.example/hooks?x=1')).toBeNull();
    expect(baseUrlIssue('https://api.calypso.finance?x=1')).toEqual({ code: 'has-query-or-fragment' });
    expect(baseUrlIssue('https://api.calypso.finance#top')).toEqual({ code: 'has-query-or-fragment' });
    expect(baseUrlIssue('https://api.calypso.finance/')).toBeNull();
  });
});
