/**
 * Opening PostgreSQL clients with bounded retries and exponential backoff, and the error
 * wording every PostgreSQL failure uses (the URI always redacted).
 */
import pg from 'pg';
import { EgressDeniedError, normalizeHost } from '../egress/address.ts';
import { currentEgressPolicy } from '../egress/current.ts';
import { refuseCleartextPassword } from '../egress/postgres-auth.ts';
import { resolveEgress } from '../egress/resolve.ts';
import type { PostgresConfig, RetryPolicy } from './config.ts';
import { rawTextTypes } from './values.ts';

/** Codes that mean "the server is not there (yet)": worth retrying. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

export function isTransient(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  return /Connection terminated|timeout expired|connection timeout|not queryable|terminating connection/i.test(
    e.message ?? '',
  );
}

/** Message of an unknown error without anything that could carry the password. */
export function reasonOf(error: unknown): string {
  const e = error as { message?: string; code?: string } | null;
  const message = e?.message || e?.code || String(error);
  return message.replace(/password=\S+/gi, 'password=***');
}

export class PostgresConnectorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PostgresConnectorError';
  }
}

/**
 * Closes a client without hanging: pg's end() waits for the socket's 'end', which never comes
 * again for a connection the server already dropped (a terminated walsender); after a moment
 * the socket is destroyed instead.
 */
export async function endClient(client: pg.Client | null | undefined): Promise<void> {
  if (!client) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ended = client.end().then(
    () => true,
    () => true,
  );
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 2_000);
  });
  const clean = await Promise.race([ended, timedOut]);
  clearTimeout(timer);
  // biome-ignore lint/suspicious/noExplicitAny: pg's Connection is not in its public types
  if (!clean) (client as any).connection?.stream?.destroy?.();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt);
}

/**
 * Runs `action`, retrying transient failures `policy.retries` times with exponential backoff;
 * every error it throws names `what` and the redacted URI. `action` must be safe to repeat.
 */
export async function withRetry<T>(
  config: PostgresConfig,
  what: string,
  action: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (error instanceof PostgresConnectorError || error instanceof EgressDeniedError)
        throw error;
      if (!isTransient(error)) {
        throw new PostgresConnectorError(`cannot ${what} '${config.safeUri}': ${reasonOf(error)}`, {
          cause: error,
        });
      }
      if (attempt >= config.retry.retries) {
        throw new PostgresConnectorError(
          `cannot ${what} '${config.safeUri}' after ${attempt + 1} attempts: ${reasonOf(error)}`,
          { cause: error },
        );
      }
      await sleep(backoffDelay(config.retry, attempt));
    }
  }
}

/**
 * A connected client: values come back as the server's text (converted by values.ts), and the
 * session runs in UTC so timestamptz texts carry +00. `role` (`source`, `sink`, `cdc`) and the
 * table name the session in pg_stat_activity (`velo sink orders`), for operators.
 */
export function connectClient(
  config: PostgresConfig,
  role: string,
  extra: pg.ClientConfig & { readOnly?: boolean } = {},
): Promise<pg.Client> {
  const { readOnly, ...clientExtra } = extra;
  const readOnlyOption = readOnly ? ' -c default_transaction_read_only=on' : '';
  const applicationName = `velo ${role} ${config.table ?? 'query'}`.slice(0, 63);
  return withRetry(config, 'connect to', async () => {
    const endpoint = await checkedEndpoint(config);
    const client = new pg.Client({
      ...config.client,
      ...endpoint.client,
      types: rawTextTypes,
      options: `-c TimeZone=UTC -c DateStyle=ISO${readOnlyOption}`,
      application_name: applicationName,
      connectionTimeoutMillis: 10_000,
      ...clientExtra,
    });
    if (endpoint.checked) refuseCleartextPassword(client, Boolean(config.client.ssl));
    // An idle client whose server goes away emits 'error'; the next query reports it.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      await endClient(client);
      throw error;
    }
    return client;
  });
}

/**
 * Under the process's egress policy (configured by the worker; none in the CLI), the host is
 * resolved and checked on every (re)connect and the checked address is the one connected to,
 * so a DNS answer that changes later cannot reach a denied address. TLS still verifies the
 * certificate against the configured host name. Throws EgressDeniedError naming the URI.
 */
async function checkedEndpoint(
  config: PostgresConfig,
): Promise<{ checked: boolean; client: pg.ClientConfig }> {
  const policy = currentEgressPolicy();
  if (!policy) return { checked: false, client: {} };
  const host = config.client.host ?? 'localhost';
  const port = config.client.port ?? 5432;
  if (host.startsWith('/')) {
    throw new EgressDeniedError(
      `cannot connect to '${config.safeUri}': Unix sockets are not reachable under the egress policy`,
    );
  }
  let target: Awaited<ReturnType<typeof resolveEgress>>;
  try {
    target = await resolveEgress(host, port, policy);
  } catch (error) {
    if (!(error instanceof EgressDeniedError)) throw error;
    throw new EgressDeniedError(`cannot connect to '${config.safeUri}': ${error.message}`);
  }
  const ssl = config.client.ssl;
  const tls =
    ssl === true || (typeof ssl === 'object' && ssl !== null)
      ? {
          ...(typeof ssl === 'object' ? ssl : {}),
          host,
          // pg sets the SNI name only when it connects to a name; it now connects to an address.
          ...(normalizeHost(host) === null ? { servername: host } : {}),
        }
      : ssl;
  return { checked: true, client: { host: target.address, port: target.port, ssl: tls } };
}
