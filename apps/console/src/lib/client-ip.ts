import { isIP } from 'node:net';

/**
 * The caller's address for the audit log. middleware.ts has left in X-Forwarded-For only the
 * address the trusted proxies vouch for (VELO_TRUST_PROXY, lib/trusted-proxy.ts), or nothing, in
 * which case Next has put the socket's address there; better-auth's per-IP limits read the same
 * header. Anything that is not one IP address is dropped (null in the audit log).
 */
export function clientIpFromHeaders(headers: Headers): string | undefined {
  const candidate = headers.get('x-forwarded-for')?.trim();
  if (!candidate) return undefined;
  const bare = candidate.replace(/^::ffff:(?=\d+\.)/, '');
  return isIP(bare) !== 0 ? bare : undefined;
}
