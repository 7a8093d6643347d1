import pg from 'pg';
import type { PostgresConfig, PostgresSecret } from './connection-config.ts';
import { networkProblem, ProbeTimeoutError, withDeadline } from './probe-errors.ts';

/** Connects and runs `SELECT 1`; throws an Error whose message is fit to show. */
export async function probePostgres(
  config: PostgresConfig,
  secret: PostgresSecret | null,
  timeoutMs: number,
): Promise<void> {
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: secret?.password ?? '',
    ssl: config.ssl ? { rejectUnauthorized: true } : false,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'velo connection test',
  });
  // A socket error after the deadline must not become an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await withDeadline(
      (async () => {
        await client.connect();
        await client.query('SELECT 1');
      })(),
      timeoutMs,
      () => void client.end().catch(() => {}),
    );
  } catch (error) {
    throw new Error(describePostgresError(error, `${config.host}:${config.port}`, timeoutMs));
  } finally {
    await client.end().catch(() => {});
  }
}

export function describePostgresError(error: unknown, endpoint: string, timeoutMs: number): string {
  if (error instanceof ProbeTimeoutError) return error.message;
  const failure = error as { code?: string; message?: string; errors?: { code?: string }[] };
  // Server-side errors (SQLSTATE codes like 28P01) already read well: keep the server's words.
  if (failure.code && /^[0-9A-Z]{5}$/.test(failure.code) && failure.message) return failure.message;
  const code = failure.code ?? failure.errors?.[0]?.code;
  const network = networkProblem(code, endpoint);
  if (network) return network;
  const message = failure.message ?? String(error);
  if (/timeout/i.test(message)) return new ProbeTimeoutError(timeoutMs).message;
  if (/terminated unexpectedly/i.test(message)) return `${endpoint} closed the connection`;
  return message;
}
