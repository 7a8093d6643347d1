import { type EgressPolicy, refuseCleartextPassword, resolveEgress } from '@velo/connectors/egress';
import pg from 'pg';
import type { PostgresConfig, PostgresSecret } from './connection-config.ts';
import { networkProblem, ProbeTimeoutError, serverClosed, withDeadline } from './probe-errors.ts';

/**
 * Connects and runs `SELECT 1`; throws an Error whose message is fit to show. The host is
 * resolved and checked by the egress policy first, and the checked address is the one
 * connected to; the password is never sent in clear over a connection without TLS.
 */
export async function probePostgres(
  config: PostgresConfig,
  secret: PostgresSecret | null,
  timeoutMs: number,
  policy: EgressPolicy,
): Promise<void> {
  const endpoint = `${config.host}:${config.port}`;
  let client: pg.Client | undefined;
  try {
    await withDeadline(
      (async () => {
        const target = await resolveEgress(config.host, config.port, policy);
        client = refuseCleartextPassword(
          new pg.Client({
            host: target.address,
            port: target.port,
            database: config.database,
            user: config.user,
            password: secret?.password ?? '',
            // Certificates are checked against the configured name, not the resolved address.
            ssl: config.ssl
              ? { rejectUnauthorized: true, host: config.host, servername: sniName(config.host) }
              : false,
            connectionTimeoutMillis: timeoutMs,
            query_timeout: timeoutMs,
            application_name: 'velo connection test',
          }),
          config.ssl,
        );
        // A socket error after the deadline must not become an unhandled 'error' event.
        client.on('error', () => {});
        await client.connect();
        await client.query('SELECT 1');
      })(),
      timeoutMs,
      () => void client?.end().catch(() => {}),
    );
  } catch (error) {
    throw new Error(describePostgresError(error, endpoint, timeoutMs));
  } finally {
    await client?.end().catch(() => {});
  }
}

function sniName(host: string): string | undefined {
  return /^[\d.]+$/.test(host) || host.includes(':') ? undefined : host;
}

export function describePostgresError(error: unknown, endpoint: string, timeoutMs: number): string {
  if (error instanceof ProbeTimeoutError) return error.message;
  const failure = error as { code?: string; message?: string; errors?: { code?: string }[] };
  if (failure.code === 'EGRESS_DENIED' || failure.code === 'CLEARTEXT')
    return String(failure.message);
  // Server-side errors (SQLSTATE codes like 28P01) already read well: keep the server's words.
  if (failure.code && /^[0-9A-Z]{5}$/.test(failure.code) && failure.message) return failure.message;
  const code = failure.code ?? failure.errors?.[0]?.code;
  const network = networkProblem(code, endpoint);
  if (network) return network;
  const message = failure.message ?? String(error);
  if (/timeout/i.test(message)) return new ProbeTimeoutError(timeoutMs).message;
  if (/terminated unexpectedly/i.test(message)) return serverClosed(endpoint);
  return message;
}
