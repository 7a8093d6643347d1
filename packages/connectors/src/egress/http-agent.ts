/**
 * An HTTP(S) agent whose sockets pass the egress policy, for libraries that speak HTTP on a
 * job's behalf (the Kafka connector's schema registry client). Names are checked after DNS
 * resolution through `egressLookup`; Node skips `lookup` for IP literals, so those are
 * checked here before any socket opens.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { EgressDeniedError, egressProblem, normalizeHost } from './address.ts';
import type { EgressPolicy } from './policy.ts';
import { egressLookup } from './resolve.ts';

type CreateConnection = (
  options: net.NetConnectOpts & { host?: string; port?: number | string },
  callback?: (error: Error | null, socket: net.Socket) => void,
) => net.Socket;

export function egressHttpAgent(policy: EgressPolicy, url: string): http.Agent {
  const agent = new URL(url).protocol === 'https:' ? new https.Agent() : new http.Agent();
  const withCreate = agent as unknown as { createConnection: CreateConnection };
  const original = withCreate.createConnection.bind(agent);
  withCreate.createConnection = (options, callback) => {
    const host = String(options.host ?? 'localhost');
    const port = Number(options.port);
    const literal = normalizeHost(host);
    const problem = literal ? egressProblem(literal, port, policy) : null;
    if (problem) {
      const socket = new net.Socket();
      const error = new EgressDeniedError(`${host}:${port} is not reachable: ${problem}`);
      process.nextTick(() => socket.destroy(error));
      return socket;
    }
    const lookup = egressLookup(policy, port) as unknown as net.LookupFunction;
    return original({ ...options, host: literal ?? host, lookup }, callback);
  };
  return agent;
}
