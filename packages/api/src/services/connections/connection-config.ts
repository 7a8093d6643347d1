/**
 * What each connection type stores: non-secret config and the secret, as zod schemas whose
 * messages are written for people (the console shows them next to the fields).
 */
import { isIP } from 'node:net';
import { normalizeHost } from '@velo/connectors/egress';
import { z } from 'zod';

import {
  CONNECTION_TYPES,
  type ConnectionTypeName,
  FILE_FORMATS,
  GENERATORS,
  listAlternatives,
  SASL_MECHANISMS,
} from './connection-kinds';

export { CONNECTION_TYPES, type ConnectionTypeName };

const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
// A DNS name (labels of letters, digits and inner hyphens) or an IPv4/IPv6 address: no spaces,
// schemes, ports or paths.
const DNS_NAME =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isValidHost(host: string): boolean {
  return host.length <= 253 && (isIP(host) !== 0 || DNS_NAME.test(host));
}

const PORT_MESSAGE = 'Port must be a whole number between 1 and 65535';

export const ZConnectionName = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, { error: 'Name is required', abort: true })
  .max(64, { error: 'Name must be at most 64 characters', abort: true })
  .regex(NAME_PATTERN, 'Name may only contain letters, digits, "_" and "-"');

function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required`, abort: true })
    .max(max, { error: `${label} must be at most ${max} characters`, abort: true });
}

/**
 * Numeric IPv4 forms (`2130706433`, `0x7f000001`, `0177.0.0.1`, `127.1`) are stored as the
 * dotted address they reach, so what the form shows is what the egress policy checks.
 */
export const ZHost = requiredText('Host', 253)
  .refine(isValidHost, 'Host must be a host name or IP address')
  .transform((host) => normalizeHost(host) ?? host);

export const ZPort = z
  .number({ error: PORT_MESSAGE })
  .int(PORT_MESSAGE)
  .min(1, PORT_MESSAGE)
  .max(65535, PORT_MESSAGE);

/** A broker address with a numeric IPv4 host written as the dotted address it reaches. */
export function normalizeBroker(broker: string): string {
  const colon = broker.lastIndexOf(':');
  const host = normalizeHost(broker.slice(0, colon));
  return host && !host.includes(':') ? `${host}${broker.slice(colon)}` : broker;
}

/** Why a "host:port" broker address is malformed, or undefined when it is fine. */
export function brokerProblem(broker: string): string | undefined {
  const colon = broker.lastIndexOf(':');
  if (colon <= 0) return `"${broker}" must be host:port`;
  const host = broker.slice(0, colon);
  const port = broker.slice(colon + 1);
  if (!isValidHost(host)) return `"${host}" is not a valid host name`;
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    return `"${port}" is not a port between 1 and 65535`;
  }
  return undefined;
}

const ZBroker = z
  .string({ error: 'Each broker must be host:port' })
  .trim()
  .max(260, 'A broker address must be at most 260 characters')
  .superRefine((broker, ctx) => {
    const problem = brokerProblem(broker);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(normalizeBroker);

export const ZPostgresConfig = z.object(
  {
    host: ZHost,
    port: ZPort,
    database: requiredText('Database', 63),
    user: requiredText('User', 63),
    ssl: z.boolean({ error: 'SSL must be on or off' }).default(false),
  },
  { error: 'PostgreSQL settings are required' },
);

export const ZPostgresSecret = z.object(
  {
    password: z
      .string({ error: 'Password is required' })
      .min(1, 'Password is required')
      .max(1024, 'Password must be at most 1024 characters'),
  },
  { error: 'The secret must be an object with a password' },
);

export const ZKafkaConfig = z.object(
  {
    brokers: z
      .array(ZBroker, { error: 'At least one broker (host:port) is required' })
      .min(1, 'At least one broker (host:port) is required')
      .max(50, 'At most 50 brokers may be listed'),
    clientId: z
      .string({ error: 'Client id must be text' })
      .trim()
      .max(255, 'Client id must be at most 255 characters')
      .optional(),
    ssl: z.boolean({ error: 'SSL must be on or off' }).default(false),
    sasl: z
      .object(
        {
          mechanism: z.enum(SASL_MECHANISMS, {
            error: `SASL mechanism must be ${listAlternatives(SASL_MECHANISMS)}`,
          }),
          username: requiredText('SASL username', 255),
        },
        { error: 'SASL settings must name a mechanism and a username' },
      )
      .nullable()
      .default(null),
  },
  { error: 'Kafka settings are required' },
);

export const ZKafkaSecret = z.object(
  {
    saslPassword: z
      .string({ error: 'SASL password is required' })
      .min(1, 'SASL password is required')
      .max(1024, 'SASL password must be at most 1024 characters')
      .optional(),
  },
  { error: 'The secret must be an object with a saslPassword' },
);

export const ZFileConfig = z.object(
  {
    path: requiredText('Path', 4096).refine(
      (path) => path.startsWith('/'),
      'Path must be absolute (start with "/")',
    ),
    format: z.enum(FILE_FORMATS, { error: `Format must be ${listAlternatives(FILE_FORMATS)}` }),
  },
  { error: 'File settings are required' },
);

export const ZDatagenConfig = z.object(
  {
    generator: z.enum(GENERATORS, {
      error: `Generator must be ${listAlternatives(GENERATORS)}`,
    }),
    rate: z
      .number({ error: 'Rate must be a positive number of records per second' })
      .positive('Rate must be a positive number of records per second')
      .max(1_000_000, 'Rate must be at most 1000000 records per second')
      .optional(),
    seed: z
      .number({ error: 'Seed must be a whole number' })
      .int('Seed must be a whole number')
      .optional(),
  },
  { error: 'Data generator settings are required' },
);

function noSecret(type: string) {
  return z.undefined({ error: `${type} connections take no secret` }).optional();
}

/** The type-specific part of a create request: `type`, `config` and `secret` together. */
export const ZConnectionSettings = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('postgresql'),
      config: ZPostgresConfig,
      secret: ZPostgresSecret.optional(),
    }),
    z.object({ type: z.literal('kafka'), config: ZKafkaConfig, secret: ZKafkaSecret.optional() }),
    z.object({ type: z.literal('file'), config: ZFileConfig, secret: noSecret('file') }),
    z.object({ type: z.literal('datagen'), config: ZDatagenConfig, secret: noSecret('datagen') }),
  ],
  { error: 'Type must be one of postgresql, kafka, file, datagen' },
);

export type ConnectionSettings = z.infer<typeof ZConnectionSettings>;
export type PostgresConfig = z.infer<typeof ZPostgresConfig>;
export type PostgresSecret = z.infer<typeof ZPostgresSecret>;
export type KafkaConfig = z.infer<typeof ZKafkaConfig>;
export type KafkaSecret = z.infer<typeof ZKafkaSecret>;
export type FileConfig = z.infer<typeof ZFileConfig>;
export type DatagenConfig = z.infer<typeof ZDatagenConfig>;

export const CONFIG_SCHEMAS = {
  postgresql: ZPostgresConfig,
  kafka: ZKafkaConfig,
  file: ZFileConfig,
  datagen: ZDatagenConfig,
} as const;

export const SECRET_SCHEMAS = {
  postgresql: ZPostgresSecret,
  kafka: ZKafkaSecret,
  file: null,
  datagen: null,
} as const;

/** Settings whose secret is required by the config (SASL needs its password). */
export function missingSecretProblem(
  settings: { type: ConnectionTypeName; config: unknown },
  hasSecret: boolean,
  secret: unknown,
): { path: string; message: string } | null {
  if (settings.type !== 'kafka') return null;
  const config = settings.config as KafkaConfig;
  const given = (secret as KafkaSecret | undefined | null)?.saslPassword;
  if (config.sasl && !given && !hasSecret) {
    return { path: 'secret.saslPassword', message: 'SASL password is required' };
  }
  return null;
}
