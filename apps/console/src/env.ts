import { z } from 'zod';

/**
 * The console's own environment, parsed once at boot. Database, auth, secret-key and egress
 * settings are read by @velo/api (`getEnv()`), not here.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Behind a reverse proxy the client address arrives in X-Forwarded-For; directly exposed,
  // that header is client-controlled (it would forge audit IPs), so it is only honoured when
  // this is set.
  VELO_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
});

export type ConsoleEnv = z.infer<typeof EnvSchema>;

export function parseConsoleEnv(source: Record<string, string | undefined>): ConsoleEnv {
  return EnvSchema.parse(source);
}

export const env = parseConsoleEnv(process.env);
