/**
 * The egress policy: which addresses the server may open connections to (connection tests,
 * previews and jobs alike), and where `file:` paths must live. Built once per process from the
 * app's parsed environment (`egressPolicyFromEnv`), then passed to `resolveEgress`.
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export interface EgressPolicy {
  /** production denies loopback and this host's console ports; embedded/dev allows loopback. */
  mode: 'production' | 'embedded';
  /** VELO_EGRESS_ALLOW: when non-empty, only these ranges are reachable (never link-local). */
  allow: Cidr[];
  /** VELO_EGRESS_DENY: never reachable. */
  deny: Cidr[];
  /** Ports of this deployment's own services (console, worker metrics), denied in production. */
  ownPorts: number[];
  /** VELO_FILE_ROOT, absolute; every file path must resolve inside it. */
  fileRoot: string;
}

/** Parses "10.0.0.0/8, 2001:db8::/32, 192.168.1.7" (a bare address is a /32 or /128). */
export function parseCidrList(text: string | undefined): Cidr[] {
  const parts = (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return parts.map((part) => {
    if (part.includes('/')) {
      if (!ipaddr.isValidCIDR(part)) throw new Error(`"${part}" is not a CIDR range`);
      const [address, bits] = ipaddr.parseCIDR(part);
      return [unmapped(address), address.kind() === 'ipv6' && isMapped(address) ? bits - 96 : bits];
    }
    if (!ipaddr.isValid(part)) throw new Error(`"${part}" is not an IP address or CIDR range`);
    const address = ipaddr.process(part);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  });
}

function isMapped(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress();
}

function unmapped(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return isMapped(address) ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

const cidrList = z
  .string()
  .optional()
  .superRefine((text, ctx) => {
    try {
      parseCidrList(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

/**
 * The environment variables of the policy, to merge into each app's env.ts schema so every
 * process reads them the same way.
 */
export const ZEgressEnv = z.object({
  /**
   * `embedded` (npm start: one machine, loopback allowed) or `production`. Unset: production
   * when NODE_ENV=production. Needed because `next start` always runs with NODE_ENV=production,
   * the embedded console too.
   */
  VELO_MODE: z.enum(['embedded', 'production']).optional(),
  VELO_EGRESS_ALLOW: cidrList,
  VELO_EGRESS_DENY: cidrList,
  VELO_FILE_ROOT: z
    .string()
    .min(1)
    .optional()
    .refine((root) => root === undefined || root.startsWith('/'), {
      message: 'VELO_FILE_ROOT must be an absolute path',
    }),
});
export type EgressEnv = z.infer<typeof ZEgressEnv>;

/** The default file root of embedded mode, relative to the process's working directory. */
export const EMBEDDED_FILE_ROOT = '.velo/files';

/** The mode the policy runs in: VELO_MODE, else production exactly when NODE_ENV is. */
export function egressMode(env: { VELO_MODE?: string; NODE_ENV?: string }): EgressPolicy['mode'] {
  if (env.VELO_MODE === 'embedded' || env.VELO_MODE === 'production') return env.VELO_MODE;
  return env.NODE_ENV === 'production' ? 'production' : 'embedded';
}

export function egressPolicyFromEnv(
  env: EgressEnv & { NODE_ENV?: string },
  options: { cwd?: string; ownPorts?: number[] } = {},
): EgressPolicy {
  const mode = egressMode(env);
  if (mode === 'production' && !env.VELO_FILE_ROOT) {
    throw new Error('VELO_FILE_ROOT is not set; refusing to run in production mode without it');
  }
  const cwd = options.cwd ?? process.cwd();
  const fileRoot = env.VELO_FILE_ROOT ?? `${cwd.replace(/\/$/, '')}/${EMBEDDED_FILE_ROOT}`;
  return {
    mode,
    allow: parseCidrList(env.VELO_EGRESS_ALLOW),
    deny: parseCidrList(env.VELO_EGRESS_DENY),
    ownPorts: options.ownPorts ?? [],
    fileRoot,
  };
}
