/**
 * Who is calling: the signed-in user behind the session cookie, looked up through better-auth
 * and kept for a few seconds (session-cache.ts) so a burst of calls costs one session lookup.
 * better-auth's own cookie cache is not used: a revoked session would stay valid in every
 * browser that holds the signed cookie until it expires, whereas this cache is dropped at once
 * when a session changes in this process.
 */
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { cachePerOwner, type TtlCache } from './session-cache.ts';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

interface SessionAuth {
  $context: Promise<{ authCookies: { sessionToken: { name: string } } }>;
  api: {
    getSession: (input: { headers: Headers }) => Promise<{
      user: { id: string; name: string; email: string };
      session: { expiresAt: Date };
    } | null>;
  };
}

/** The signed-in users of one auth instance, by session cookie value. */
export const sessionCacheOf: (auth: object) => TtlCache<SessionUser> = cachePerOwner();

/**
 * better-auth endpoints that change nothing. Every other one (sign-in/out, revoke-session(s),
 * change-password, reset-password, update-user, delete-user, verify-email, ...) may end or
 * change a session, so it empties the cache; they are rare next to API calls.
 */
const READ_ONLY_PATHS = new Set(['/get-session', '/list-sessions', '/list-accounts', '/ok']);

/** A better-auth plugin that empties the session cache after any endpoint that is not a read. */
export function sessionCacheInvalidation(owner: () => object): BetterAuthPlugin {
  return {
    id: 'velo-session-cache',
    hooks: {
      after: [
        {
          matcher: (ctx) => !READ_ONLY_PATHS.has(ctx.path ?? ''),
          handler: createAuthMiddleware(async () => {
            sessionCacheOf(owner()).clear();
          }),
        },
      ],
    },
  };
}

/** The value of cookie `name`, or null when it is absent or sent more than once. */
export function singleCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  let found: string | null = null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    // Two values: better-auth might validate one while the cache keyed the other.
    if (found !== null) return null;
    found = part.slice(separator + 1).trim();
  }
  return found || null;
}

async function lookUp(auth: SessionAuth, headers: Headers) {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const { id, name, email } = session.user;
  return { value: { id, name, email }, expiresAt: new Date(session.session.expiresAt).getTime() };
}

/** The user signed in with `headers`' session cookie, or null (no, unknown or ended session). */
export async function sessionUserOf(
  auth: SessionAuth,
  headers: Headers,
): Promise<SessionUser | null> {
  const cookieName = (await auth.$context).authCookies.sessionToken.name;
  const header = headers.get('cookie');
  if (!header?.includes(cookieName)) return null;
  const cookie = singleCookie(header, cookieName);
  // Malformed or repeated: better-auth decides, uncached.
  if (cookie === null) return (await lookUp(auth, headers))?.value ?? null;
  return sessionCacheOf(auth).get(cookie, () => lookUp(auth, headers));
}
