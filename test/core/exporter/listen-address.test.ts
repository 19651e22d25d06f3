import { describe, expect, it } from 'vitest';
import { DEFAULT_LISTEN, parseListenAddress } from '../../../main/core/exporter';

describe('parseListenAddress', () => {
  it('reads host:port, [IPv6]:port and :port (every interface)', () => {
    expect(parseListenAddress(DEFAULT_LISTEN)).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListenAddress('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(parseListenAddress(':9464')).toEqual({ host: undefined, port: 9464 });
    expect(parseListenAddress('localhost:0')).toEqual({ host: 'localhost', port: 0 });
  });

  it.each([
    ['9464', /expected a port after a colon/],
    ['127.0.0.1', /expected a port after a colon/],
    ['127.0.0.1:65536', /port must be from 0 to 65535/],
    ['127.0.0.1:http', /expected a port after a colon/],
    ['::1:9464', /IPv6 address goes in brackets/],
    ['::1', /IPv6 address goes in brackets/],
    ['[127.0.0.1]:9464', /is not an IPv6 address/],
    ['bad_host:9464', /is not a host name or address/],
  ])('refuses %s with a validation error that shows the accepted forms', (raw, why) => {
    let caught: unknown;
    try {
      parseListenAddress(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ kind: 'validation' });
    expect((caught as Error).message).toMatch(why);
    expect((caught as Error).message).toContain(':PORT for every interface');
  });
});
