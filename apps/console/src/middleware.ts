import { type NextRequest, NextResponse } from 'next/server';
import { env } from './env';
import { rewriteClientAddressHeaders, type TrustProxy } from './lib/trusted-proxy';
import {
  contentSecurityPolicy,
  createNonce,
  HSTS,
  isHttps,
  STATIC_SECURITY_HEADERS,
} from './security-headers';

/**
 * Sets the security headers on every page and API response. The CSP nonce is passed to Next on
 * the request (`x-nonce` and the CSP request header), which puts it on the scripts it renders.
 */
export function middleware(request: NextRequest): NextResponse {
  return secureRequest(request, env.VELO_TRUST_PROXY);
}

/** The middleware's work for a given proxy trust (Next passes an event as second argument). */
export function secureRequest(request: NextRequest, trustProxy: TrustProxy): NextResponse {
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  // What the client wrote in X-Forwarded-For / X-Real-IP would dodge better-auth's per-IP
  // limits and forge audit IPs: only the address the trusted proxies vouch for is left there
  // (none: Next sets the socket's address before the route runs).
  rewriteClientAddressHeaders(requestHeaders, trustProxy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  for (const { key, value } of STATIC_SECURITY_HEADERS) response.headers.set(key, value);
  if (isHttps(request.nextUrl, request.headers)) {
    response.headers.set('Strict-Transport-Security', HSTS);
  }
  return response;
}

export const config = {
  // Everything but Next's own static files (they get the static headers from next.config.ts).
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|icon.svg).*)' }],
};
