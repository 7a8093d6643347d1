import type { PrismaClient } from '@velo/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, getIP } from 'better-auth/api';
import { sessionCacheInvalidation } from './auth-session.ts';
import { getPrisma } from './db.ts';
import { authSecret, getEnv } from './env.ts';
import { AppError } from './errors.ts';
import { logServerError } from './log.ts';
import { auditAccountEvent } from './services/accounts/audit-account-event.ts';
import { accountAfterHook, accountBeforeHook } from './services/accounts/auth-hooks.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './services/accounts/password-policy.ts';
import { logMailFailure } from './services/mail/log-mail-failure.ts';
import { registerMailContext } from './services/mail/mail-context.ts';
import { linkMail, type Mailer } from './services/mail/mailer.ts';
import { mailerFromEnv } from './services/mail/mailer-from-env.ts';
import { prepareAccountDeletion } from './services/teams/prepare-account-deletion.ts';

export interface AuthOptions {
  /** Signs session cookies. */
  secret: string;
  /** Where the console is served; the cookie is `Secure` only when this is https. */
  baseURL: string;
  /** Sends verification and invitation mail; default: from SMTP_URL / VELO_MAIL_DIR. */
  mailer?: Mailer;
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

/**
 * Email + password sign-in with server-side sessions in the database (scrypt hashes). Sign-up
 * mails a verification link; only a verified email can accept team invitations. Passwords
 * follow the policy in services/accounts; account events are audited with the caller's IP.
 */
export function createAuth(prisma: PrismaClient, options: AuthOptions) {
  const mailer = options.mailer ?? mailerFromEnv(getEnv());
  const advanced = {
    useSecureCookies: options.baseURL.startsWith('https://'),
    // better-auth skips its origin (CSRF) check when NODE_ENV=test; keep it on everywhere so
    // tests exercise what production does.
    disableOriginCheck: false,
    defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' as const },
  };
  const ipOf = (request?: Request) => (request ? getIP(request, { advanced }) : null);
  // The instance the session cache belongs to, known once betterAuth has built it.
  let self: object = {};
  const auth = betterAuth({
    secret: options.secret,
    baseURL: options.baseURL,
    trustedOrigins: loopbackTwins(options.baseURL),
    database: prismaAdapter(prisma, { provider: 'postgresql' }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      revokeSessionsOnPasswordReset: true,
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 60 * 60 * 24,
      sendVerificationEmail: async ({ user, url }) => {
        // A mail failure must not fail the sign-up: the console offers to send the link again.
        await mailer
          .send(
            linkMail({
              to: user.email,
              subject: 'Verify your email address for Velo',
              paragraphs: [
                `Hello ${user.name || user.email},`,
                'Open the link to confirm that this email address is yours. Team invitations sent to this address can only be accepted once it is verified. The link works for 24 hours.',
              ],
              linkLabel: 'Verify your email address',
              url,
            }),
          )
          .catch((error: unknown) => logMailFailure('verification', error));
      },
    },
    user: {
      deleteUser: {
        enabled: true,
        beforeDelete: async (user, request) => {
          try {
            await prepareAccountDeletion(prisma, { userId: user.id, ip: ipOf(request) });
          } catch (error) {
            if (error instanceof AppError) {
              throw new APIError('BAD_REQUEST', { code: 'SOLE_OWNER', message: error.message });
            }
            throw error;
          }
        },
        afterDelete: async (user, request) => {
          await auditAccountEvent(prisma, {
            action: 'user.delete',
            userId: user.id,
            ip: ipOf(request),
            details: { email: user.email },
          }).catch((error: unknown) => logServerError('auditing user.delete', error));
        },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced,
    telemetry: { enabled: false },
    hooks: { before: accountBeforeHook(prisma), after: accountAfterHook(prisma) },
    // Sign-out, revocations, password and account changes drop the cached sessions at once.
    plugins: [sessionCacheInvalidation(() => self)],
  });
  self = auth;
  registerMailContext(auth, { mailer, baseURL: options.baseURL });
  return auth;
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
