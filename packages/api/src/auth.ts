import type { PrismaClient } from '@velo/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { getPrisma } from './db.ts';
import { authSecret, getEnv } from './env.ts';
import { logServerError } from './log.ts';
import { acceptInvitations } from './services/teams/accept-invitations.ts';

export interface AuthOptions {
  /** Signs session cookies. */
  secret: string;
  /** Where the console is served; the cookie is `Secure` only when this is https. */
  baseURL: string;
}

/**
 * The console's own origin is trusted by better-auth; on a loopback address the other loopback
 * spelling (localhost vs 127.0.0.1) is the same machine, so sign-in works from either.
 */
export function loopbackTwins(baseURL: string): string[] {
  const url = new URL(baseURL);
  const twin = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' }[url.hostname];
  if (!twin) return [];
  url.hostname = twin;
  return [url.origin];
}

/** Email + password sign-in with server-side sessions in the database (scrypt hashes). */
export function createAuth(prisma: PrismaClient, options: AuthOptions) {
  return betterAuth({
    secret: options.secret,
    baseURL: options.baseURL,
    trustedOrigins: loopbackTwins(options.baseURL),
    database: prismaAdapter(prisma, { provider: 'postgresql' }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128 },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: {
      useSecureCookies: options.baseURL.startsWith('https://'),
      // better-auth skips its origin (CSRF) check when NODE_ENV=test; keep it on everywhere so
      // tests exercise what production does.
      disableOriginCheck: false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    telemetry: { enabled: false },
    databaseHooks: {
      user: {
        create: {
          after: async (user) => {
            // A failure here must not fail the sign-up: `me.get` accepts pending invitations too.
            await acceptInvitations(prisma, { userId: user.id, email: user.email }).catch(
              (error: unknown) => logServerError('accepting invitations on sign-up', error),
            );
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

let auth: Auth | undefined;

/** The process-wide auth instance built from the environment (created on first use). */
export function getAuth(): Auth {
  if (!auth) {
    const env = getEnv();
    auth = createAuth(getPrisma(), { secret: authSecret(env), baseURL: env.VELO_BASE_URL });
  }
  return auth;
}
