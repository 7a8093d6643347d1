import { z } from 'zod';
import { parseTrustProxy } from './lib/trusted-proxy';

/**
 * The console's own environment, parsed once at boot. Database, auth, secret-key and egress
 * settings are read by @velo/api (`getEnv()`), not here.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Behind reverse proxies the client address arrives in X-Forwarded-For; directly exposed,
  // that header is client-controlled (it would forge audit IPs and dodge per-IP limits), so it
  // is only believed as far as this says: false, true, a number of proxies or their CIDRs
  // (lib/trusted-proxy.ts).
  VELO_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      try {
        return parseTrustProxy(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

export type ConsoleEnv = z.infer<typeof EnvSchema>;

export function parseConsoleEnv(source: Record<string, string | undefined>): ConsoleEnv {
  return EnvSchema.parse(source);
}

export const env = parseConsoleEnv(process.env);
