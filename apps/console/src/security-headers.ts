/**
 * The security headers of every page and API response. Edge-safe (used by middleware.ts):
 * no Node built-ins.
 *
 * Scripts run only with the per-request nonce ('strict-dynamic' lets Next's nonce'd scripts
 * load their chunks); Monaco and the engine run in Web Workers from our own origin; Monaco
 * injects its styles at run time, hence 'unsafe-inline' for styles only. No 'unsafe-eval': the
 * engine falls back to closures where `new Function` is refused.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  const scripts = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`];
  // React Refresh in `next dev` evaluates code; never in production builds.
  if (options.dev) scripts.push(`'unsafe-eval'`);
  return [
    `default-src 'self'`,
    `script-src ${scripts.join(' ')}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${options.dev ? ' ws:' : ''}`,
    `worker-src 'self' blob:`,
    `frame-ancestors 'none'`,
    `frame-src 'none'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
  ].join('; ');
}

/** Headers that do not depend on the request (also set for static files by next.config.ts). */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

export const HSTS = 'max-age=31536000; includeSubDomains';

/** A fresh nonce: 16 random bytes, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Whether the request reached us over https (directly or as the proxy says). */
export function isHttps(url: URL, headers: Headers): boolean {
  return url.protocol === 'https:' || headers.get('x-forwarded-proto') === 'https';
}
