import { isIP } from 'node:net';

/**
 * The caller's address for the audit log. Behind a trusted proxy (VELO_TRUST_PROXY): the first
 * X-Forwarded-For hop, else X-Real-IP. Otherwise middleware.ts has dropped whatever the client
 * sent in those headers and Next has put the socket's address in X-Forwarded-For, so that is
 * the address. Anything that is not an IP address is dropped (null in the audit log).
 */
export function clientIpFromHeaders(headers: Headers, trustProxy: boolean): string | undefined {
  const forwarded = headers.get('x-forwarded-for');
  const candidate = trustProxy
    ? forwarded?.split(',')[0]?.trim() || headers.get('x-real-ip')?.trim()
    : forwarded?.trim();
  if (!candidate) return undefined;
  const bare = candidate.replace(/^::ffff:(?=\d+\.)/, '');
  return isIP(bare) !== 0 ? bare : undefined;
}
