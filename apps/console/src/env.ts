import { z } from 'zod';

/**
 * The console's own environment, parsed once at boot. Database, auth and secret-key settings
 * are read by @velo/api (`getAuth()`, `createTRPCContext`), not here.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Behind a reverse proxy the client address arrives in X-Forwarded-For; directly exposed,
  // that header is client-controlled, so it is only honoured when this is set.
  VELO_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
});

export const env = EnvSchema.parse(process.env);
