import { describe, expect, it } from 'vitest';
import { metricUrl } from '../../../main/core/exporter';

describe('metricUrl: the url label never carries what may hold a token', () => {
  it('drops user info, query and fragment, keeping scheme, host, port and path', () => {
    expect(metricUrl('https://user:p4ss@hooks.example:8443/calypso/in?token=s3cret&x=1#frag')).toBe(
      'https://hooks.example:8443/calypso/in',
    );
  });

  it('drops a user name alone, an empty query and a lone fragment', () => {
    expect(metricUrl('https://token@hooks.example/a')).toBe('https://hooks.example/a');
    expect(metricUrl('https://hooks.example/a?')).toBe('https://hooks.example/a');
    expect(metricUrl('https://hooks.example/a#k=v')).toBe('https://hooks.example/a');
  });

  it('keeps an IPv6 host in brackets and a plain URL as it is', () => {
    expect(metricUrl('http://[::1]:9000/hook?k=v')).toBe('http://[::1]:9000/hook');
    expect(metricUrl('https://shop.example/webhooks/calypso')).toBe('https://shop.example/webhooks/calypso');
  });

  it('still cuts user info, query and fragment from what the URL parser refuses', () => {
    expect(metricUrl('hooks example/in?token=s3cret')).toBe('hooks example/in');
    expect(metricUrl('https://us er:pw@bad host/x#t')).toBe('https://bad host/x');
  });
});
