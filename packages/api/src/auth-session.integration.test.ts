/**
 * The session and membership caches (auth-session.ts, session-cache.ts) never outlive what they
 * cache in this process: a signed-out or revoked session and a removed or demoted member are
 * refused on their very next call, although their previous call was answered from the cache.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  callerFor,
  createTeamWithRoles,
  errorOf,
  PASSWORD,
  prisma,
  signUp,
  type TeamFixture,
  type TestUser,
  uniqueLabel,
} from '../test/harness.ts';
import { sessionCacheOf, singleCookie } from './auth-session.ts';
import { membershipCacheOf } from './trpc.ts';

/** A second, independent session of `user` (another browser). */
async function signInAgain(user: TestUser): Promise<TestUser> {
  const { headers } = await auth.api.signInEmail({
    body: { email: user.email, password: PASSWORD },
    returnHeaders: true,
  });
  const cookie = headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { ...user, headers: new Headers({ cookie }) };
}

/** The database token of the session in `user`'s cookie (`token.signature`, URL-encoded). */
function tokenOf(user: TestUser): string {
  const value = singleCookie(user.headers.get('cookie'), 'better-auth.session_token');
  return decodeURIComponent(value ?? '').split('.')[0] ?? '';
}

describe('cached sessions', () => {
  it('answer a repeated call without a new lookup', async () => {
    const user = await signUp('cache-hit');
    await (await callerFor(user)).me.get();
    const value = singleCookie(user.headers.get('cookie'), 'better-auth.session_token') ?? '';
    let lookedUp = false;
    const cached = await sessionCacheOf(auth).get(value, async () => {
      lookedUp = true;
      return null;
    });
    expect(lookedUp).toBe(false);
    expect(cached).toEqual({ id: user.id, name: user.name, email: user.email });
  });

  it('are refused right after sign-out', async () => {
    const user = await signUp('cache-signout');
    expect((await (await callerFor(user)).me.get()).user.id).toBe(user.id);
    await auth.api.signOut({ headers: user.headers });
    const error = await errorOf(async () => (await callerFor(user)).me.get());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe('Sign in to continue');
  });

  it('are refused right after another session revokes them', async () => {
    const laptop = await signUp('cache-revoke');
    const phone = await signInAgain(laptop);
    expect((await (await callerFor(laptop)).me.get()).user.id).toBe(laptop.id);
    await auth.api.revokeSession({ headers: phone.headers, body: { token: tokenOf(laptop) } });
    const error = await errorOf(async () => (await callerFor(laptop)).me.get());
    expect(error.code).toBe('UNAUTHORIZED');
    // The session that revoked it is untouched.
    expect((await (await callerFor(phone)).me.get()).user.id).toBe(laptop.id);
  });

  it('are refused right after revoke-other-sessions from another browser', async () => {
    const laptop = await signUp('cache-revoke-others');
    const phone = await signInAgain(laptop);
    await (await callerFor(laptop)).me.get();
    await auth.api.revokeOtherSessions({ headers: phone.headers });
    const error = await errorOf(async () => (await callerFor(laptop)).me.get());
    expect(error.code).toBe('UNAUTHORIZED');
  });

  it('are not shared by a cookie sent twice (each lookup is better-auth’s own)', async () => {
    const user = await signUp('cache-twice');
    const value = singleCookie(user.headers.get('cookie'), 'better-auth.session_token');
    const doubled = new Headers({
      cookie: `better-auth.session_token=forged; better-auth.session_token=${value}`,
    });
    expect(singleCookie(doubled.get('cookie'), 'better-auth.session_token')).toBeNull();
    await (await callerFor({ ...user, headers: doubled })).me.get().catch(() => null);
    let lookedUp = false;
    await sessionCacheOf(auth).get('forged', async () => {
      lookedUp = true;
      return null;
    });
    expect(lookedUp).toBe(true);
  });
});

describe('cached memberships', () => {
  let team: TeamFixture;
  beforeAll(async () => {
    team = await createTeamWithRoles('cache-members');
  });

  it('a removed member is refused on the next call', async () => {
    const viewerApi = await callerFor(team.viewer);
    expect(await viewerApi.connection.list({ teamId: team.teamId })).toEqual([]);
    expect(membershipCacheOf(prisma).size).toBeGreaterThan(0);
    await (await callerFor(team.owner)).team.removeMember({
      teamId: team.teamId,
      userId: team.viewer.id,
    });
    const error = await errorOf(async () =>
      (await callerFor(team.viewer)).connection.list({ teamId: team.teamId }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Team not found');
  });

  it('a demoted member is refused what the old role allowed on the next call', async () => {
    const adminApi = await callerFor(team.admin);
    const created = await adminApi.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('cache'),
      type: 'datagen',
      config: { generator: 'orders' },
    });
    await adminApi.connection.list({ teamId: team.teamId });
    await (await callerFor(team.owner)).team.changeRole({
      teamId: team.teamId,
      userId: team.admin.id,
      role: 'EDITOR',
    });
    const error = await errorOf(async () =>
      (await callerFor(team.admin)).connection.delete({ teamId: team.teamId, id: created.id }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('This needs the ADMIN role or higher; you are EDITOR');
  });
});
