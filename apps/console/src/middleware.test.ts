import { getIP } from 'better-auth/api';
import { NextRequest, type NextResponse } from 'next/server';
import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './lib/trusted-proxy';
import { middleware, secureRequest } from './middleware';
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

/** The request headers the route sees after the middleware (Next applies these overrides;
 * headers left out of the list are removed). */
function forwardedHeaders(response: NextResponse): Headers {
  const names = (response.headers.get('x-middleware-override-headers') ?? '').split(',');
  const headers = new Headers();
  for (const name of names) {
    const value = response.headers.get(`x-middleware-request-${name}`);
    if (name && value !== null) headers.set(name, value);
  }
  return headers;
}

/** better-auth's rate-limit key for a sign-in request as it reaches /api/auth after the middleware. */
function rateLimitAddress(forwardedFor: string, trust: string): string | null {
  const request = new NextRequest('http://localhost:3000/api/auth/sign-in/email', {
    method: 'POST',
    headers: { 'x-forwarded-for': forwardedFor },
  });
  const headers = forwardedHeaders(secureRequest(request, parseTrustProxy(trust)));
  // In production better-auth has no localhost fallback: an absent header means Next's socket
  // address is used (it sets X-Forwarded-For when the middleware removed it).
  headers.set('x-forwarded-for', headers.get('x-forwarded-for') ?? '192.0.2.50');
  return getIP(headers, {});
}

describe('the per-IP rate-limit key', () => {
  it('is the socket address whatever an untrusted client writes in X-Forwarded-For', () => {
    expect(rateLimitAddress('6.6.6.6', 'false')).toBe('192.0.2.50');
    expect(rateLimitAddress('7.7.7.7, 8.8.8.8', 'false')).toBe('192.0.2.50');
  });

  it('behind one trusted proxy, is the address the proxy appended, not the spoofed prefix', () => {
    expect(rateLimitAddress('6.6.6.6, 198.51.100.9', 'true')).toBe('198.51.100.9');
    expect(rateLimitAddress('7.7.7.7, 198.51.100.9', 'true')).toBe('198.51.100.9');
  });

  it('behind two trusted proxies or a trusted CIDR, is the client the proxies saw', () => {
    expect(rateLimitAddress('6.6.6.6, 203.0.113.7, 10.0.0.2', '2')).toBe('203.0.113.7');
    expect(rateLimitAddress('6.6.6.6, 203.0.113.7, 10.0.0.2', '10.0.0.0/8')).toBe('203.0.113.7');
  });
});
