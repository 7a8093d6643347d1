/**
 * Shared set-up for the api's integration tests: a Prisma client on DATABASE_URL, a real
 * better-auth instance, users signed up through it (their session cookies in request headers)
 * and tRPC callers built through `createTRPCContext` exactly as the HTTP route does.
 */
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createPrismaClient, generateSecretKey, type Keyring, loadKeyring } from '@velo/db';
import superjson from 'superjson';
import { createAuth } from '../src/auth.ts';
import { appRouter, createCaller } from '../src/root.ts';
import { createTRPCContext } from '../src/trpc.ts';
import { linkInMail, smtpMailer } from './mailbox.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  throw new Error('DATABASE_URL must point at a migrated database (npm test provides one)');
}

export const TEST_DATABASE_URL = databaseUrl;
export const BASE_URL = 'http://localhost:3000';
export const TEST_IP = '203.0.113.7';
export const PASSWORD = 'correct horse battery';

export const prisma = createPrismaClient(databaseUrl);
/** better-auth as the console runs it, mailing through the test SMTP server (test/mailbox.ts). */
export const auth = createAuth(prisma, {
  secret: randomBytes(32).toString('base64'),
  baseURL: BASE_URL,
  mailer: smtpMailer,
});
export const keyring = loadKeyring({ current: process.env.VELO_SECRET_KEY ?? generateSecretKey() });

export function uniqueLabel(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export interface TestUser {
  id: string;
  name: string;
  email: string;
  /** Request headers carrying the session cookie. */
  headers: Headers;
}

function cookieOf(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

/**
 * Signs up a fresh user through better-auth and keeps the session cookie it set. The email is
 * left unverified: such a user can work in their own teams but accept no invitation.
 */
export async function signUpUnverified(label: string): Promise<TestUser> {
  const name = uniqueLabel(label);
  const email = `${name}@test.velo.dev`;
  const { headers: responseHeaders, response } = await auth.api.signUpEmail({
    body: { name, email, password: PASSWORD },
    headers: new Headers({ 'x-forwarded-for': TEST_IP }),
    returnHeaders: true,
  });
  const cookie = cookieOf(responseHeaders);
  if (!cookie) throw new Error('sign-up set no session cookie');
  return { id: response.user.id, name, email, headers: new Headers({ cookie }) };
}

/** Opens the verification link mailed to `user`, as their browser would. */
export async function verifyEmailThroughMail(user: { email: string }): Promise<Response> {
  const link = await linkInMail(user.email, `${BASE_URL}/api/auth/verify-email?token=`);
  return auth.handler(new Request(link, { headers: { 'x-forwarded-for': TEST_IP } }));
}

/**
 * Signs up a fresh user and verifies their email through the link mailed to them (a real SMTP
 * round trip), the way every real user who joins a team does.
 */
export async function signUp(label: string): Promise<TestUser> {
  const user = await signUpUnverified(label);
  const response = await verifyEmailThroughMail(user);
  if (response.status >= 400) throw new Error(`verifying ${user.email} failed: ${response.status}`);
  return user;
}

export type Caller = ReturnType<typeof createCaller>;

/** A tRPC caller for `user` (anonymous when null), built the way the HTTP route builds it. */
export async function callerFor(user: TestUser | null, ip = TEST_IP): Promise<Caller> {
  const ctx = await createTRPCContext({
    headers: user?.headers ?? new Headers(),
    ip,
    prisma,
    auth,
    getKeyring: () => keyring,
  });
  return createCaller(ctx);
}

export interface TeamFixture {
  teamId: string;
  owner: TestUser;
  admin: TestUser;
  editor: TestUser;
  viewer: TestUser;
}

/**
 * Invites `user` to the team as `role` and has them accept it, through the API as in the
 * console (the invitee picks it from their list of pending invitations).
 */
export async function addMember(
  adminApi: Caller,
  teamId: string,
  user: TestUser,
  role: 'OWNER' | 'ADMIN' | 'EDITOR' | 'VIEWER',
): Promise<void> {
  const invited = await adminApi.team.invite({ teamId, email: user.email, role });
  await (await callerFor(user)).invitation.accept({ invitationId: invited.invitationId });
}

/** A team with one member of each role, built through the API itself. */
export async function createTeamWithRoles(label: string): Promise<TeamFixture> {
  const [owner, admin, editor, viewer] = await Promise.all([
    signUp(`${label}-owner`),
    signUp(`${label}-admin`),
    signUp(`${label}-editor`),
    signUp(`${label}-viewer`),
  ]);
  const ownerApi = await callerFor(owner);
  const team = await ownerApi.team.create({ name: uniqueLabel(label) });
  for (const [user, role] of [
    [admin, 'ADMIN'],
    [editor, 'EDITOR'],
    [viewer, 'VIEWER'],
  ] as const) {
    await addMember(ownerApi, team.id, user, role);
  }
  return { teamId: team.id, owner, admin, editor, viewer };
}

export type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | string;

/** Runs `call` and names its outcome: 'ok' or the tRPC error code. */
export async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** The error `call` fails with (fails the test when it succeeds). */
export async function errorOf(call: () => Promise<unknown>): Promise<TRPCError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * One tRPC request through the fetch handler the console mounts at /api/trpc (superjson on the
 * wire, errorFormatter applied); returns the status and the raw body.
 */
export async function httpCall(
  user: TestUser | null,
  path: string,
  input: unknown,
  method: 'GET' | 'POST',
  getKeyringOverride: () => Keyring = () => keyring,
): Promise<{ status: number; body: string }> {
  const encoded = JSON.stringify(superjson.serialize(input));
  const url =
    method === 'GET'
      ? `http://localhost/api/trpc/${path}?input=${encodeURIComponent(encoded)}`
      : `http://localhost/api/trpc/${path}`;
  const request = new Request(url, {
    method,
    headers: { ...Object.fromEntries(user?.headers ?? []), 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: encoded } : {}),
  });
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () =>
      createTRPCContext({
        headers: request.headers,
        ip: TEST_IP,
        prisma,
        auth,
        getKeyring: getKeyringOverride,
      }),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * One request to better-auth's HTTP handler (mounted at /api/auth in the console) from the
 * console's own page, optionally as `user`; returns the status and the parsed JSON body.
 */
export async function authRequest(
  method: 'GET' | 'POST',
  path: string,
  options: { user?: TestUser | null; body?: unknown; cookie?: string; ip?: string } = {},
): Promise<{
  status: number;
  body: { code?: string; message?: string } & Record<string, unknown>;
  headers: Headers;
}> {
  const headers = new Headers({
    origin: BASE_URL,
    'sec-fetch-site': 'same-origin',
    'x-forwarded-for': options.ip ?? TEST_IP,
  });
  const cookie = options.cookie ?? options.user?.headers.get('cookie');
  if (cookie) headers.set('cookie', cookie);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  const response = await auth.handler(
    new Request(`${BASE_URL}/api/auth${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : {},
    headers: response.headers,
  };
}

/** The session cookie a successful better-auth response set. */
export function sessionCookieFrom(headers: Headers): string {
  return cookieOf(headers);
}
