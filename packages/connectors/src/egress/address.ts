/**
 * The address check itself: pure, synchronous, run on every resolved address right before a
 * socket connects to it.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';
import type { Cidr, EgressPolicy } from './policy.ts';

/** Cloud metadata services outside 169.254.0.0/16 (AWS IPv6, Alibaba, Oracle legacy). */
const METADATA: Cidr[] = ['fd00:ec2::254/128', '100.100.100.200/32', '192.0.0.192/32'].map((cidr) =>
  ipaddr.parseCIDR(cidr),
);
/** NAT64 prefix: an IPv4 address embedded in IPv6 reaches that IPv4 address. */
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

export class EgressDeniedError extends Error {
  override name = 'EgressDeniedError';
  readonly code = 'EGRESS_DENIED';
}

/**
 * The IP address a host string denotes, in canonical form, or null for a DNS name. Decimal,
 * octal, hex and short IPv4 forms (`2130706433`, `0x7f000001`, `0177.0.0.1`, `127.1`) and
 * IPv4-mapped IPv6 all become the dotted address they reach.
 */
export function normalizeHost(host: string): string | null {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare)) return null;
  return ipaddr.process(bare).toString();
}

function embeddedIPv4(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | null {
  if (address.kind() !== 'ipv6') return null;
  const v6 = address as ipaddr.IPv6;
  if (!v6.match(NAT64)) return null;
  const [, , , , , , high, low] = v6.parts;
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function inAny(address: ipaddr.IPv4 | ipaddr.IPv6, ranges: Cidr[]): boolean {
  return ranges.some(
    ([range, bits]) => range.kind() === address.kind() && address.match(range, bits),
  );
}

let ownAddresses: Set<string> | undefined;
/** This machine's interface addresses (a pod or VM reaching itself through its own IP). */
function isOwnAddress(address: string): boolean {
  ownAddresses ??= new Set(
    Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry !== undefined)
      .map((entry) => ipaddr.process(entry.address.split('%')[0]).toString()),
  );
  return ownAddresses.has(address);
}

/**
 * Why the policy refuses `address:port`, or null when it may be reached. `address` must be an
 * IP address (resolve names first: that is what `resolveEgress` is for).
 */
export function egressProblem(address: string, port: number, policy: EgressPolicy): string | null {
  if (isIP(address.split('%')[0]) === 0) return `${address} is not an IP address`;
  const parsed = ipaddr.process(address.split('%')[0]);
  const candidates = [parsed, embeddedIPv4(parsed)].filter((a) => a !== null);
  const text = parsed.toString();
  for (const candidate of candidates) {
    const range = candidate.range();
    if (range === 'linkLocal' || inAny(candidate, METADATA)) {
      return `${text} is a link-local or cloud metadata address, which connections may never reach`;
    }
    if (range === 'multicast' || range === 'broadcast') {
      return `${text} is a ${range} address`;
    }
    if (inAny(candidate, policy.deny)) return `${text} is denied by VELO_EGRESS_DENY`;
  }
  const allowed = candidates.some((candidate) => inAny(candidate, policy.allow));
  if (policy.allow.length > 0 && !allowed) return `${text} is not in VELO_EGRESS_ALLOW`;
  if (policy.mode === 'production' && !allowed) {
    const local = candidates.some((c) => c.range() === 'loopback' || c.range() === 'unspecified');
    if (local) {
      return `${text} is a loopback address, which production mode does not reach`;
    }
    if (policy.ownPorts.includes(port) && isOwnAddress(text)) {
      return `${text}:${port} is this server's own service`;
    }
  }
  return null;
}
