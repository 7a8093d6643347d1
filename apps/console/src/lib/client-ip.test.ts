import { describe, expect, it } from 'vitest';
import { parseConsoleEnv } from '../env.ts';
import { clientIpFromHeaders } from './client-ip.ts';

describe('clientIpFromHeaders', () => {
  it('takes the one address the middleware left in X-Forwarded-For', () => {
    // middleware.ts rewrote the header (trusted proxies) or removed it and Next set the socket's.
    expect(clientIpFromHeaders(new Headers({ 'x-forwarded-for': '::ffff:127.0.0.1' }))).toBe(
      '127.0.0.1',
    );
    expect(clientIpFromHeaders(new Headers({ 'x-forwarded-for': '2001:db8::1' }))).toBe(
      '2001:db8::1',
    );
    expect(clientIpFromHeaders(new Headers({ 'x-real-ip': '198.51.100.4' }))).toBeUndefined();
    expect(clientIpFromHeaders(new Headers())).toBeUndefined();
  });

  it('drops forged values that are not IP addresses', () => {
    for (const forged of [
      '<script>',
      "1.2.3.4'; DROP",
      'x'.repeat(500),
      '999.1.1.1',
      '1.2.3.4, 5.6.7.8',
    ]) {
      const headers = new Headers({ 'x-forwarded-for': forged });
      expect(clientIpFromHeaders(headers)).toBeUndefined();
    }
  });
});

describe('VELO_TRUST_PROXY', () => {
  it('defaults to false, so X-Forwarded-For is not believed unless configured', () => {
    expect(parseConsoleEnv({}).VELO_TRUST_PROXY).toEqual({ hops: 0, cidrs: [] });
    expect(parseConsoleEnv({ VELO_TRUST_PROXY: 'true' }).VELO_TRUST_PROXY).toEqual({
      hops: 1,
      cidrs: [],
    });
    expect(parseConsoleEnv({ VELO_TRUST_PROXY: '2' }).VELO_TRUST_PROXY).toEqual({
      hops: 2,
      cidrs: [],
    });
  });

  it('refuses a value that is no switch, count or CIDR list, naming it', () => {
    expect(() => parseConsoleEnv({ VELO_TRUST_PROXY: 'yes' })).toThrow(
      "VELO_TRUST_PROXY: 'yes' is neither true/false, a number of proxies nor an address or CIDR",
    );
    expect(() => parseConsoleEnv({ VELO_TRUST_PROXY: '10.0.0.0/33' })).toThrow(
      "VELO_TRUST_PROXY: '10.0.0.0/33' is neither true/false, a number of proxies nor an address or CIDR",
    );
  });
});
