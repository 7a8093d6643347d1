/**
 * VELO_TRUST_PROXY: which reverse proxies in front of the console may say who the client is.
 * The middleware (edge runtime, so no node: imports here) works the client address out once and
 * leaves exactly that one address in X-Forwarded-For, which both better-auth's per-IP rate limits
 * and the audit log read. A client can therefore never choose its own rate-limit key:
 *
 * - `false` / `0` (default): X-Forwarded-For and X-Real-IP are dropped; Next puts the socket's
 *   address there.
 * - `true` / `1` … `16`: that many proxies, each appending the address it was connected from;
 *   the client is the Nth address from the right. What the client wrote further left is ignored.
 * - a list of CIDRs or addresses (`10.0.0.0/8,2001:db8::/32`): the proxies' own addresses; the
 *   client is the rightmost address outside the list.
 *
 * The console must then be reachable only through those proxies: the socket's address is not
 * visible here, so a client that reaches it directly could write the header itself.
 */

export interface TrustProxy {
  /** Proxies counted from the console (0: none trusted, unless `cidrs` is set). */
  hops: number;
  cidrs: Cidr[];
}

export interface Cidr {
  bytes: number[];
  prefix: number;
}

export const NO_TRUSTED_PROXY: TrustProxy = { hops: 0, cidrs: [] };
const MAX_HOPS = 16;

export function trustsProxy(trust: TrustProxy): boolean {
  return trust.hops > 0 || trust.cidrs.length > 0;
}

function ipv4Bytes(text: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** The canonical text of an IPv6 address (URL parsing), or null. */
function canonicalIpv6(text: string): string | null {
  if (!text.includes(':') || /[[\]/%]/.test(text)) return null;
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

function ipv6Bytes(canonical: string): number[] {
  const [head = '', tail] = canonical.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return all.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

/** A valid IP address in canonical form (IPv4-mapped IPv6 as IPv4), or null. */
export function canonicalIp(text: string): string | null {
  const bare = text.trim().replace(/^::ffff:(?=\d+\.)/i, '');
  if (ipv4Bytes(bare)) return bare;
  return canonicalIpv6(bare);
}

function bytesOf(canonical: string): number[] {
  return ipv4Bytes(canonical) ?? ipv6Bytes(canonical);
}

export function parseCidr(text: string): Cidr | null {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const canonical = canonicalIp(address);
  if (!canonical) return null;
  const bytes = bytesOf(canonical);
  const bits = bytes.length * 8;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(bits)) || prefix > bits) return null;
  return { bytes, prefix };
}

function inCidr(bytes: number[], cidr: Cidr): boolean {
  if (bytes.length !== cidr.bytes.length) return false;
  for (let bit = 0; bit < cidr.prefix; bit += 1) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[byte] ?? 0) & mask) !== ((cidr.bytes[byte] ?? 0) & mask)) return false;
  }
  return true;
}

/** Parses VELO_TRUST_PROXY; a problem is thrown as one sentence. */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return NO_TRUSTED_PROXY;
  if (text === 'true') return { hops: 1, cidrs: [] };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_HOPS) {
      throw new Error(`VELO_TRUST_PROXY allows at most ${MAX_HOPS} proxies, not ${hops}`);
    }
    return { hops, cidrs: [] };
  }
  const cidrs = text.split(',').map((part) => {
    const cidr = parseCidr(part);
    if (!cidr) {
      throw new Error(
        `VELO_TRUST_PROXY: '${part.trim()}' is neither true/false, a number of proxies nor an address or CIDR`,
      );
    }
    return cidr;
  });
  return { hops: 0, cidrs };
}

/** The client address according to the trusted proxies' headers, or undefined. */
export function forwardedClientIp(headers: Headers, trust: TrustProxy): string | undefined {
  if (!trustsProxy(trust)) return undefined;
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return canonicalIp(headers.get('x-real-ip') ?? '') ?? undefined;
  if (trust.cidrs.length === 0) {
    return canonicalIp(chain[Math.max(0, chain.length - trust.hops)] ?? '') ?? undefined;
  }
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const address = canonicalIp(chain[index] ?? '');
    // Garbage inside the proxies' part of the chain: nobody can be believed.
    if (!address) return undefined;
    if (index > 0 && trust.cidrs.some((cidr) => inCidr(bytesOf(address), cidr))) continue;
    return address;
  }
  return undefined;
}

/**
 * Rewrites the request's address headers in place: X-Real-IP goes, and X-Forwarded-For keeps
 * only the client address the trusted proxies vouch for (or goes, so Next fills in the socket's).
 */
export function rewriteClientAddressHeaders(headers: Headers, trust: TrustProxy): void {
  const client = forwardedClientIp(headers, trust);
  headers.delete('x-real-ip');
  if (client) headers.set('x-forwarded-for', client);
  else headers.delete('x-forwarded-for');
}
