import { describe, expect, it } from 'vitest';
import { clientIpFromHeaders } from './client-ip.ts';

describe('clientIpFromHeaders', () => {
  it('takes the first X-Forwarded-For hop behind a trusted proxy', () => {
    const headers = new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.2' });
    expect(clientIpFromHeaders(headers, true)).toBe('203.0.113.7');
  });

  it('falls back to X-Real-IP, and ignores both when the proxy is not trusted', () => {
    const headers = new Headers({ 'x-real-ip': '198.51.100.4' });
    expect(clientIpFromHeaders(headers, true)).toBe('198.51.100.4');
    expect(clientIpFromHeaders(headers, false)).toBeUndefined();
    expect(clientIpFromHeaders(new Headers(), true)).toBeUndefined();
  });
});
