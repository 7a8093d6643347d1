/** The caller's address for the audit log: first X-Forwarded-For hop, else X-Real-IP. */
export function clientIpFromHeaders(headers: Headers, trustProxy: boolean): string | undefined {
  if (!trustProxy) return undefined;
  const forwarded = headers.get('x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  if (first) return first;
  return headers.get('x-real-ip')?.trim() || undefined;
}
