import { isIP } from 'node:net';

/**
 * The caller's address for the audit log: the first X-Forwarded-For hop, else X-Real-IP, and
 * only behind a trusted proxy (VELO_TRUST_PROXY): directly exposed, both headers are whatever
 * the client wrote. Anything that is not an IP address is dropped (null in the audit log).
 */
export function clientIpFromHeaders(headers: Headers, trustProxy: boolean): string | undefined {
  if (!trustProxy) return undefined;
  const forwarded = headers.get('x-forwarded-for');
  const candidate = forwarded?.split(',')[0]?.trim() || headers.get('x-real-ip')?.trim();
  if (!candidate) return undefined;
  return isIP(candidate) !== 0 ? candidate : undefined;
}
