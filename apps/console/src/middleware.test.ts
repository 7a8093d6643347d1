import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { middleware } from './middleware';
import { contentSecurityPolicy } from './security-headers';

describe('security headers', () => {
  it('sets a nonce-based CSP and the other headers on pages and API responses', () => {
    for (const path of ['/jobs', '/api/trpc/me.get']) {
      const response = middleware(new NextRequest(`http://localhost:3000${path}`));
      const csp = response.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce).toHaveLength(24);
      expect(csp).toBe(contentSecurityPolicy(nonce as string, { dev: false }));
      expect(csp).toContain(`frame-ancestors 'none'`);
      expect(csp).toContain(`worker-src 'self' blob:`);
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('permissions-policy')).toContain('camera=()');
      expect(response.headers.get('strict-transport-security')).toBeNull();
      // Next reads the nonce from the request headers to put it on its scripts.
      expect(response.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    }
  });

  it('drops client-sent X-Forwarded-For and X-Real-IP unless VELO_TRUST_PROXY is set', () => {
    const response = middleware(
      new NextRequest('http://localhost:3000/api/auth/sign-in/email', {
        headers: { 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8', accept: 'text/html' },
      }),
    );
    const overridden = (response.headers.get('x-middleware-override-headers') ?? '').split(',');
    expect(overridden).toContain('accept');
    expect(overridden).not.toContain('x-forwarded-for');
    expect(overridden).not.toContain('x-real-ip');
  });

  it('uses a new nonce per request and sends HSTS under https', () => {
    const one = middleware(new NextRequest('https://velo.example/jobs'));
    const two = middleware(new NextRequest('https://velo.example/jobs'));
    expect(one.headers.get('content-security-policy')).not.toBe(
      two.headers.get('content-security-policy'),
    );
    expect(one.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });
});
