import { createHmac } from 'node:crypto';
import {
  configureEgress,
  type EgressPolicy,
  egressMode,
  egressPolicyFromEnv,
  ZEgressEnv,
} from '@velo/connectors/egress';
import { z } from 'zod';

/** The api's environment, parsed once (lazily, so importing the package never throws). */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().min(1).optional(),
  VELO_SECRET_KEY: z.string().min(1).optional(),
  VELO_SECRET_KEYS_OLD: z.string().optional(),
  BETTER_AUTH_SECRET: z.string().min(1).optional(),
  VELO_BASE_URL: z.url().default('http://localhost:3000'),
  /** VELO_EGRESS_ALLOW, VELO_EGRESS_DENY, VELO_FILE_ROOT (see docs/operations.md, Egress). */
  ...ZEgressEnv.shape,
  /** smtp(s)://user:pass@host:port for account and invitation mail; unset: mail goes to files. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Velo <no-reply@velo.local>'),
  /** Where mails are written when SMTP_URL is unset (embedded mode: .velo/mail). */
  VELO_MAIL_DIR: z.string().min(1).default('.velo/mail'),
});

export type ApiEnv = z.infer<typeof EnvSchema>;

/** Parses an environment; throws one line naming every problem. */
export function parseEnv(source: Record<string, string | undefined>): ApiEnv {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`invalid environment for @velo/api: ${problems.join('; ')}`);
  }
  if (result.data.NODE_ENV === 'production' && !result.data.VELO_SECRET_KEY) {
    throw new Error('VELO_SECRET_KEY is not set; refusing to run in production without it');
  }
  if (egressMode(result.data) === 'production' && !result.data.VELO_FILE_ROOT) {
    throw new Error('VELO_FILE_ROOT is not set; refusing to run in production mode without it');
  }
  return result.data;
}

let parsed: ApiEnv | undefined;

export function getEnv(): ApiEnv {
  parsed ??= parseEnv(process.env);
  return parsed;
}

export function requireDatabaseUrl(env: ApiEnv = getEnv()): string {
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  return env.DATABASE_URL;
}

/** BETTER_AUTH_SECRET, or a session secret derived from VELO_SECRET_KEY (never the key itself). */
export function authSecret(env: ApiEnv = getEnv()): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  if (env.VELO_SECRET_KEY) {
    return createHmac('sha256', env.VELO_SECRET_KEY)
      .update('velo session secret')
      .digest('base64url');
  }
  throw new Error('BETTER_AUTH_SECRET or VELO_SECRET_KEY must be set');
}

let egressPolicy: EgressPolicy | undefined;

/**
 * Where connection tests and previews may connect, and where file paths must lie. The console's
 * own port (from VELO_BASE_URL) is one of the deployment's ports that production never reaches.
 */
export function getEgressPolicy(env: ApiEnv = getEnv()): EgressPolicy {
  if (env !== parsed) return buildEgressPolicy(env);
  if (!egressPolicy) {
    egressPolicy = buildEgressPolicy(env);
    // Connectors this process opens (previews, schema samples of job SQL) connect under it too,
    // so brokers a Kafka cluster advertises and re-resolved hosts are checked as well.
    configureEgress(egressPolicy);
  }
  return egressPolicy;
}

function buildEgressPolicy(env: ApiEnv): EgressPolicy {
  const base = new URL(env.VELO_BASE_URL);
  const basePort = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
  return egressPolicyFromEnv(env, { ownPorts: [...new Set([basePort, 3000, 9464])] });
}
