/**
 * `postgresql://` URIs: parameters (zod), the saved connection a `postgresql://@name/...` URI
 * names (resolved by the caller and handed in), and the password-free form of the URI that every
 * error and log line uses.
 */

import type { ClientConfig } from 'pg';
import { z } from 'zod';
import type { ResolvedConnection } from '../types.ts';
import { paramsToObject, parseUri } from '../uri.ts';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));
/** Replication slot and publication names: lower-case letters, digits and `_` (server rule). */
const slotName = z
  .string()
  .regex(/^[a-z0-9_]{1,63}$/, 'must be 1-63 lower-case letters, digits or "_"');

export const ZPostgresParams = z
  .object({
    table: z.string().min(1).optional(),
    query: z.string().min(1).optional(),
    'cursor.column': z.string().min(1).optional(),
    follow: bool.optional(),
    'poll.interval.ms': positiveInt(3_600_000).optional(),
    cdc: bool.optional(),
    snapshot: bool.optional(),
    slot: slotName.optional(),
    publication: slotName.optional(),
    mode: z.enum(['insert', 'upsert']).optional(),
    key: z.string().min(1).optional(),
    create: bool.optional(),
    'connect.retries': positiveInt(100).optional(),
    'connect.backoff.ms': positiveInt(600_000).optional(),
    'connect.backoff.max.ms': positiveInt(3_600_000).optional(),
    sslmode: z.enum(['disable', 'prefer', 'require', 'no-verify']).optional(),
  })
  .passthrough();

/** The fields of a saved PostgreSQL connection (packages/api connection-config.ts). */
const ZSavedPostgresConfig = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  database: z.string().min(1),
  user: z.string().min(1),
  ssl: z.boolean().default(false),
});

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** First delay; doubles per attempt up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface PostgresConfig {
  /** The URI with its password replaced by `***`: the only form errors and logs may show. */
  safeUri: string;
  client: ClientConfig;
  /** `schema.table` as written (`orders`, `public.orders`). */
  table?: string;
  query?: string;
  cursorColumn?: string;
  follow: boolean;
  pollIntervalMs: number;
  cdc: boolean;
  /** CDC: read the table's rows in the new slot's snapshot before streaming changes. */
  snapshot: boolean;
  slot?: string;
  publication?: string;
  mode: 'insert' | 'upsert';
  key: string[];
  create: boolean;
  retry: RetryPolicy;
  /** Every URI parameter (event-time settings and others read by the engine). */
  params: Record<string, string>;
}

/** Replaces the password of a `scheme://user:password@host` URI (and a `password=` parameter). */
export function redactUri(uri: string): string {
  return uri
    .replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/@:?#]*):[^@/?#]*@/, '$1:***@')
    .replace(/([?&]password=)[^&#]*/gi, '$1***');
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A saved connection's secret: `{"password":"…"}` as stored, or the bare password. */
function passwordOf(secret: string | undefined): string | undefined {
  if (secret === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(secret);
    if (parsed && typeof parsed === 'object' && 'password' in parsed) {
      const password = (parsed as { password: unknown }).password;
      if (typeof password === 'string') return password;
    }
  } catch {
    // not JSON: the secret is the password itself
  }
  return secret;
}

function sslOf(mode: string | undefined, savedSsl: boolean): ClientConfig['ssl'] {
  if (mode === 'disable') return false;
  if (mode === 'no-verify') return { rejectUnauthorized: false };
  if (mode === 'require' || savedSsl) return true;
  return false;
}

/**
 * Parses `postgresql://user:pw@host:port/db?table=t…` or `postgresql://@conn/db?table=t…` into a
 * config, or returns an error message. `connection` is the saved connection the caller resolved
 * for the `@conn` form.
 */
export function parsePostgresUri(
  uri: string,
  connection?: ResolvedConnection,
): PostgresConfig | string {
  const safeUri = redactUri(uri);
  const url = parseUri(uri);
  if (!url || (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:')) {
    return `invalid PostgreSQL URI '${safeUri}'`;
  }
  const parsed = ZPostgresParams.safeParse(paramsToObject(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `invalid parameter '${issue.path.join('.')}' in '${safeUri}': ${issue.message}`;
  }
  const p = parsed.data;
  if (p.table && p.query) return `'${safeUri}' gives both 'table' and 'query'; use one`;
  if (p.cdc && !p.table) return `'cdc=true' needs 'table=' in '${safeUri}'`;
  if (p.mode === 'upsert' && !p.key) return `'mode=upsert' needs 'key=' in '${safeUri}'`;
  const dbFromPath = decode(url.pathname.replace(/^\//, ''));

  let client: ClientConfig;
  // `postgresql://@conn/db`: WHATWG URL drops the empty user, so look at the text itself.
  const named = /^[a-z]+:\/\/@/i.test(uri);
  if (named) {
    const name = decode(url.hostname);
    if (!connection) {
      return `'${safeUri}' names the saved connection '${name}', but it was not resolved (run it from a job, or give host, user and password in the URI)`;
    }
    if (connection.name !== name) {
      return `'${safeUri}' names the saved connection '${name}', but '${connection.name}' was resolved`;
    }
    if (connection.type !== 'postgresql') {
      return `saved connection '${name}' is a ${connection.type} connection, not postgresql`;
    }
    const saved = ZSavedPostgresConfig.safeParse(connection.config);
    if (!saved.success) return `saved connection '${name}' has no valid PostgreSQL settings`;
    client = {
      host: saved.data.host,
      port: saved.data.port,
      database: dbFromPath || saved.data.database,
      user: saved.data.user,
      password: passwordOf(connection.secret),
      ssl: sslOf(p.sslmode, saved.data.ssl),
    };
  } else {
    if (!url.hostname) return `'${safeUri}' has no host (postgresql://user@host:port/db)`;
    if (!dbFromPath) return `'${safeUri}' has no database (postgresql://user@host:port/db)`;
    client = {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : 5432,
      database: dbFromPath,
      user: url.username ? decode(url.username) : undefined,
      password: url.password
        ? decode(url.password)
        : (url.searchParams.get('password') ?? undefined),
      ssl: sslOf(p.sslmode, false),
    };
  }

  return {
    safeUri,
    client,
    table: p.table,
    query: p.query,
    cursorColumn: p['cursor.column'],
    // Without a cursor column there is nothing to follow by: a snapshot read ends (bounded).
    follow: p.follow ?? p['cursor.column'] !== undefined,
    pollIntervalMs: p['poll.interval.ms'] ?? 1000,
    cdc: p.cdc ?? false,
    snapshot: p.snapshot ?? true,
    slot: p.slot,
    publication: p.publication,
    mode: p.mode ?? 'insert',
    key: p.key ? p.key.split(',').map((k) => k.trim()) : [],
    create: p.create ?? false,
    retry: {
      retries: p['connect.retries'] ?? 5,
      initialDelayMs: p['connect.backoff.ms'] ?? 200,
      maxDelayMs: p['connect.backoff.max.ms'] ?? 10_000,
    },
    params: paramsToObject(url.searchParams),
  };
}

/** Checks what a source needs beyond parsing. */
export function sourceProblem(config: PostgresConfig): string | null {
  if (!config.table && !config.query) return `'${config.safeUri}' needs 'table=' or 'query='`;
  if (config.follow && !config.cursorColumn && !config.cdc) {
    return `'follow=true' needs 'cursor.column=' (an increasing column) in '${config.safeUri}'`;
  }
  return null;
}

/** Checks what a sink needs beyond parsing. */
export function sinkProblem(config: PostgresConfig): string | null {
  if (!config.table) return `'${config.safeUri}' needs 'table=' to write to`;
  if (config.query) return `'${config.safeUri}': 'query=' cannot be written to`;
  if (config.cdc) return `'${config.safeUri}': 'cdc=true' applies to sources only`;
  return null;
}
