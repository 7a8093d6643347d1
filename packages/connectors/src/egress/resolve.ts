/**
 * Resolving a host under the egress policy. The address that was checked is the address that
 * is connected to, so a DNS answer that changes between check and connect (rebinding) cannot
 * slip a denied address through.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import type { ISocketFactory } from 'kafkajs';
import { EgressDeniedError, egressProblem, normalizeHost } from './address.ts';
import type { EgressPolicy } from './policy.ts';

export interface EgressTarget {
  /** The host as configured (for TLS server names and messages). */
  host: string;
  /** The checked IP address to connect to. */
  address: string;
  family: 4 | 6;
  port: number;
}

export type LookupAll = (host: string) => Promise<LookupAddress[]>;

const systemLookup: LookupAll = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * Resolves `host` (a name, or an IP address in any notation) and checks every address it
 * resolves to; throws EgressDeniedError when any is refused, DNS errors (ENOTFOUND) as they are.
 * Connect to `address` of the result, never to `host` again.
 */
export async function resolveEgress(
  host: string,
  port: number,
  policy: EgressPolicy,
  lookup: LookupAll = systemLookup,
): Promise<EgressTarget> {
  const literal = normalizeHost(host);
  const addresses: LookupAddress[] = literal
    ? [{ address: literal, family: net.isIP(literal) as 4 | 6 }]
    : await lookup(host);
  if (addresses.length === 0) {
    throw Object.assign(new Error(`host ${host} could not be found`), { code: 'ENOTFOUND' });
  }
  for (const { address } of addresses) {
    const problem = egressProblem(address, port, policy);
    if (problem) throw new EgressDeniedError(`${host}:${port} is not reachable: ${problem}`);
  }
  const [first] = addresses;
  return { host, address: first.address, family: first.family as 4 | 6, port };
}

/**
 * A `lookup` for `net.connect`/`tls.connect` that resolves through `resolveEgress`, for
 * libraries that open their own sockets (kafkajs connects to the brokers the cluster advertises,
 * not only to the configured ones).
 */
export function egressLookup(policy: EgressPolicy, port: number, lookup?: LookupAll) {
  return (
    hostname: string,
    options: { all?: boolean },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    resolveEgress(hostname, port, policy, lookup).then(
      (target) =>
        options.all
          ? callback(null, [{ address: target.address, family: target.family }])
          : callback(null, target.address, target.family),
      (error: Error) => callback(error, options.all ? [] : '', undefined),
    );
  };
}

/** kafkajs's default socket factory, with every broker address checked by the policy. */
export function egressSocketFactory(policy: EgressPolicy): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const literal = normalizeHost(host);
    if (literal) {
      // Node skips `lookup` for IP literals, so they are checked here.
      const problem = egressProblem(literal, port, policy);
      if (problem) {
        const socket = new net.Socket();
        const error = new EgressDeniedError(`${host}:${port} is not reachable: ${problem}`);
        process.nextTick(() => socket.destroy(error));
        return socket;
      }
    }
    const lookup = egressLookup(policy, port) as unknown as net.LookupFunction;
    const target = { host: literal ?? host, port, lookup };
    if (ssl) {
      const servername = literal ? undefined : host;
      return tls.connect(
        { ...target, ...(servername ? { servername } : {}), ...(ssl as tls.ConnectionOptions) },
        onConnect,
      );
    }
    return net.connect(target, onConnect);
  };
}
