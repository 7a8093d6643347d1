/**
 * `kafka://host:port[,host:port]/topic?…` and `kafka://@connection/topic?…` → one config.
 * Broker, SASL and TLS settings of a saved connection use the field names of the API's
 * connection schema (packages/api/src/services/connections/connection-config.ts: brokers,
 * clientId, ssl, sasl { mechanism, username } and the secret's saslPassword), handed in by the
 * caller as `options.connection`; connectors never read the database.
 */

import type { ResolvedConnection } from '@velo/runtime';
import { z } from 'zod';
import { paramsToObject } from '../uri.ts';
import {
  COMPRESSION_CODECS,
  ZSTD_COMPRESSION_UNAVAILABLE,
  zstdCompressionAvailable,
} from './codecs-support.mjs';
import { saslCleartextProblem } from './sasl-policy.ts';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** URI parameters shared by the source and the sink (all optional; defaults below). */
export const ZKafkaParams = z
  .object({
    format: z.enum(['json', 'csv', 'avro', 'raw']).default('json'),
    // consumer
    group_id: z.string().min(1).max(255).optional(),
    offset: z.enum(['earliest', 'latest']).default('earliest'),
    'max.record.bytes': int(1, 256 * 1024 * 1024).default(1024 * 1024),
    // connection
    'client.id': z.string().min(1).max(255).optional(),
    'connect.retries': int(0, 100).default(5),
    'connect.backoff.ms': int(1, 600_000).default(300),
    'connect.backoff.max.ms': int(1, 3_600_000).default(30_000),
    'request.timeout.ms': int(100, 600_000).default(30_000),
    ssl: bool.optional(),
    'ssl.ca.file': z.string().min(1).optional(),
    'ssl.cert.file': z.string().min(1).optional(),
    'ssl.key.file': z.string().min(1).optional(),
    'ssl.reject.unauthorized': bool.default(true),
    'sasl.mechanism': z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    'sasl.username': z.string().min(1).optional(),
    'sasl.password': z.string().min(1).optional(),
    // producer
    'key.column': z.string().min(1).optional(),
    create: bool.default(false),
    partitions: int(1, 10_000).default(1),
    'replication.factor': int(1, 100).default(1),
    'linger.ms': int(0, 60_000).default(5),
    'batch.bytes': int(1024, 64 * 1024 * 1024).default(512 * 1024),
    compression: z.enum(COMPRESSION_CODECS).default('none'),
    'producer.thread': bool.default(false),
    // which client produces: @platformatic/kafka (faster) or kafkajs (see transport*.ts)
    'producer.client': z.enum(['platformatic', 'kafkajs']).default('platformatic'),
    // exactly_once: a transactional producer whose transaction commits with the checkpoint
    delivery: z.enum(['at_least_once', 'exactly_once']).default('at_least_once'),
    'transactional.id': z.string().min(1).max(255).optional(),
    // longer than the checkpoint interval: the broker aborts a transaction open longer
    'transaction.timeout.ms': int(1000, 900_000).default(60_000),
    // formats
    'csv.columns': z.string().min(1).optional(),
    'csv.types': z.string().min(1).optional(),
    'csv.delimiter': z.string().length(1).default(','),
    'raw.encoding': z.enum(['utf8', 'base64']).default('utf8'),
    'avro.schema.file': z.string().min(1).optional(),
    'schema.registry.url': z.string().url().optional(),
    'schema.registry.subject': z.string().min(1).optional(),
  })
  .passthrough();

export type KafkaParams = z.infer<typeof ZKafkaParams>;

export interface KafkaSasl {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

export interface KafkaTls {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

export interface KafkaConfig {
  /** The URI as written, with any password replaced by `***` (safe to log and show). */
  redactedUri: string;
  topic: string;
  brokers: string[];
  /** Name of the saved connection (`kafka://@name/topic`), if any. */
  connectionName?: string;
  clientId: string;
  sasl?: KafkaSasl;
  /** TLS on; the file paths are read when the client is built. */
  tls?: KafkaTls;
  params: KafkaParams;
  /** Every URI parameter as text (the engine reads event.time.*, watermark.delay...). */
  raw: Record<string, string>;
}

const URI = /^kafka:\/\/([^/?#]*)\/([^?#]+)(?:\?([^#]*))?$/i;
const REDACT = /([?&](?:sasl\.password|password)=)[^&#]*/gi;

/** The URI with secret parameters and userinfo replaced by `***`. */
export function redactKafkaUri(uri: string): string {
  return uri.replace(REDACT, '$1***').replace(/^(kafka:\/\/)[^@/]*:[^@/]*@/i, '$1***@');
}

function connectionSettings(connection: ResolvedConnection | undefined): {
  brokers: string[];
  clientId?: string;
  ssl: boolean;
  sasl?: { mechanism: KafkaSasl['mechanism']; username: string };
  password?: string;
} {
  const c = (connection?.config ?? {}) as Record<string, unknown>;
  const brokers = Array.isArray(c.brokers) ? c.brokers.map(String) : [];
  const sasl = c.sasl as { mechanism?: string; username?: string } | null | undefined;
  return {
    brokers,
    clientId: typeof c.clientId === 'string' ? c.clientId : undefined,
    ssl: c.ssl === true,
    sasl:
      sasl?.mechanism && sasl.username
        ? { mechanism: sasl.mechanism as KafkaSasl['mechanism'], username: sasl.username }
        : undefined,
    password: secretPassword(connection?.secret),
  };
}

/** The decrypted secret is the JSON of `{ saslPassword }` (or the bare password). */
function secretPassword(secret: string | undefined): string | undefined {
  if (!secret) return undefined;
  try {
    const parsed = JSON.parse(secret) as { saslPassword?: unknown };
    if (parsed && typeof parsed === 'object') {
      return typeof parsed.saslPassword === 'string' ? parsed.saslPassword : undefined;
    }
  } catch {
    // not JSON: the secret is the password itself
  }
  return secret;
}

/** Parses a Kafka URI (with the resolved saved connection, if it names one), or an error. */
export function parseKafkaUri(uri: string, connection?: ResolvedConnection): KafkaConfig | string {
  const redactedUri = redactKafkaUri(uri);
  const m = URI.exec(uri);
  if (!m) return `invalid Kafka URI '${redactedUri}' (expected kafka://host:port/topic)`;
  const [, authority, rawTopic, query = ''] = m;
  const topic = decodeURIComponent(rawTopic);
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
    return `invalid topic '${topic}' in '${redactedUri}' (letters, digits, '.', '_', '-')`;
  }
  const raw = paramsToObject(new URLSearchParams(query));
  // Sources read zstd (codecs.ts), but writing it needs a newer Node.js: say why, not just "invalid".
  if (raw.compression === 'zstd' && !zstdCompressionAvailable) {
    return `invalid parameter 'compression' in '${redactedUri}': ${ZSTD_COMPRESSION_UNAVAILABLE}`;
  }
  const parsed = ZKafkaParams.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `invalid parameter '${issue.path.join('.')}' in '${redactedUri}': ${issue.message}`;
  }
  const params = parsed.data;
  let brokers: string[];
  let connectionName: string | undefined;
  let saved: ReturnType<typeof connectionSettings> | undefined;
  if (authority.startsWith('@')) {
    connectionName = authority.slice(1);
    if (!connection) {
      return `'${redactedUri}' names the saved connection '${connectionName}', which was not resolved (run it through the worker or the API)`;
    }
    if (connection.type !== 'kafka') {
      return `connection '${connectionName}' is a ${connection.type} connection, not kafka`;
    }
    saved = connectionSettings(connection);
    brokers = saved.brokers;
  } else {
    brokers = authority.split(',').filter((b) => b !== '');
  }
  if (brokers.length === 0) return `no broker in '${redactedUri}'`;
  for (const b of brokers) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(b)) {
      return `broker '${b}' in '${redactedUri}' must be host:port`;
    }
  }
  if (params.format === 'avro' && !params['avro.schema.file'] && !params['schema.registry.url']) {
    return `format=avro needs avro.schema.file= or schema.registry.url= in '${redactedUri}'`;
  }
  const mechanism = params['sasl.mechanism'] ?? saved?.sasl?.mechanism;
  const username = params['sasl.username'] ?? saved?.sasl?.username;
  const password = params['sasl.password'] ?? saved?.password;
  let sasl: KafkaSasl | undefined;
  if (mechanism) {
    if (!username || !password) {
      return `SASL ${mechanism} needs a username and a password for '${redactedUri}'`;
    }
    sasl = { mechanism, username, password };
  }
  const tlsOn =
    params.ssl ??
    (saved?.ssl || params['ssl.ca.file'] !== undefined || params['ssl.cert.file'] !== undefined);
  // Same rule as connection tests: no PLAIN password in clear text.
  const cleartext = saslCleartextProblem(sasl?.mechanism, Boolean(tlsOn));
  if (cleartext) return `${cleartext} (in '${redactedUri}')`;
  return {
    redactedUri,
    topic,
    brokers,
    connectionName,
    clientId: params['client.id'] ?? saved?.clientId ?? 'velo',
    sasl,
    tls: tlsOn
      ? {
          ca: params['ssl.ca.file'],
          cert: params['ssl.cert.file'],
          key: params['ssl.key.file'],
          rejectUnauthorized: params['ssl.reject.unauthorized'],
        }
      : undefined,
    params,
    raw,
  };
}
