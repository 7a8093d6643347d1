import { describe, expect, it } from 'vitest';
import { parseConsoleEnv } from '../env.ts';
import { clientIpFromHeaders } from './client-ip.ts';

describe('clientIpFromHeaders', () => {
  it('takes the first X-Forwarded-For hop behind a trusted proxy', () => {
    const headers = new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.2' });
    expect(clientIpFromHeaders(headers, true)).toBe('203.0.113.7');
  });

  it('falls back to X-Real-IP behind a trusted proxy', () => {
    const headers = new Headers({ 'x-real-ip': '198.51.100.4' });
    expect(clientIpFromHeaders(headers, true)).toBe('198.51.100.4');
    expect(clientIpFromHeaders(new Headers(), true)).toBeUndefined();
  });

  it('without a trusted proxy, takes only the socket address Next put in X-Forwarded-For', () => {
    // middleware.ts removed the client's own X-Forwarded-For and X-Real-IP before Next set it.
    expect(clientIpFromHeaders(new Headers({ 'x-forwarded-for': '::ffff:127.0.0.1' }), false)).toBe(
      '127.0.0.1',
    );
    expect(
      clientIpFromHeaders(new Headers({ 'x-real-ip': '198.51.100.4' }), false),
    ).toBeUndefined();
  });

  it('drops forged values that are not IP addresses', () => {
    for (const forged of ['<script>', "1.2.3.4'; DROP", 'x'.repeat(500), '999.1.1.1']) {
      const headers = new Headers({ 'x-forwarded-for': forged });
      expect(clientIpFromHeaders(headers, true)).toBeUndefined();
    }
    expect(clientIpFromHeaders(new Headers({ 'x-forwarded-for': '2001:db8::1' }), true)).toBe(
      '2001:db8::1',
    );
  });
});

describe('VELO_TRUST_PROXY', () => {
  it('defaults to false, so X-Forwarded-For is not believed unless configured', () => {
    expect(parseConsoleEnv({}).VELO_TRUST_PROXY).toBe(false);
    expect(parseConsoleEnv({ VELO_TRUST_PROXY: 'true' }).VELO_TRUST_PROXY).toBe(true);
  });
});
