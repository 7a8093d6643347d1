/**
 * Issue #11 "Accounts": password policy, per-account backoff, account events audited with IP,
 * sessions listed and revoked, password change, account and team deletion, the active team
 * remembered on the server. Everything goes through better-auth's HTTP handler or tRPC, as the
 * console does.
 */
import { describe, expect, it } from 'vitest';
import {
  authRequest,
  callerFor,
  createTeamWithRoles,
  errorOf,
  PASSWORD,
  prisma,
  sessionCookieFrom,
  signUp,
  TEST_IP,
  type TestUser,
  uniqueLabel,
} from '../../../test/harness.ts';

async function accountActions(user: TestUser) {
  const activity = await (await callerFor(user)).account.activity();
  return activity.map((event) => event.action);
}

describe('passwords', () => {
  it.each([
    ['short1234', 'PASSWORD_TOO_SHORT', 'Password must be at least 10 characters.'],
    [
      'Password123',
      'PASSWORD_TOO_COMMON',
      'This password is one of the most common passwords. Choose another one.',
    ],
  ])('sign-up with %j is refused', async (password, code, message) => {
    const email = `${uniqueLabel('weak')}@test.velo.dev`;
    const response = await authRequest('POST', '/sign-up/email', {
      body: { name: 'Weak', email, password },
    });
    expect([response.status, response.body.code, response.body.message]).toEqual([
      400,
      code,
      message,
    ]);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it('a password change follows the policy, is audited, and the new password works', async () => {
    const user = await signUp('changer');
    const common = await authRequest('POST', '/change-password', {
      user,
      body: { currentPassword: PASSWORD, newPassword: 'qwertyuiop' },
    });
    expect([common.status, common.body.code]).toEqual([400, 'PASSWORD_TOO_COMMON']);
    const changed = await authRequest('POST', '/change-password', {
      user,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(200);
    const signIn = await authRequest('POST', '/sign-in/email', {
      body: { email: user.email, password: 'a brand new passphrase' },
    });
    expect(signIn.status).toBe(200);
    const events = await prisma.auditLog.findMany({
      where: { objectId: user.id, teamId: null },
      orderBy: { id: 'asc' },
    });
    expect(events.map((event) => [event.action, event.ip])).toEqual([
      ['user.signUp', TEST_IP],
      ['user.verifyEmail', TEST_IP],
      ['user.changePassword', TEST_IP],
      ['user.signIn', TEST_IP],
    ]);
  });
});

describe('sign-in backoff', () => {
  it('locks an account after 5 failures in a row, even for the right password, and audits', async () => {
    const user = await signUp('target');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await authRequest('POST', '/sign-in/email', {
        body: { email: user.email, password: `wrong password ${attempt}` },
        ip: '198.51.100.9',
      });
      expect(wrong.status).toBe(401);
    }
    const locked = await authRequest('POST', '/sign-in/email', {
      body: { email: user.email.toUpperCase(), password: PASSWORD },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    expect(locked.body.message).toMatch(
      /^Too many failed sign-ins for this account\. Try again in (2\d|30) seconds\.$/,
    );
    expect(locked.headers.getSetCookie()).toEqual([]);
    const failures = await prisma.auditLog.findMany({
      where: { objectId: user.id, action: 'user.signInFailed' },
      orderBy: { id: 'asc' },
    });
    expect(failures.map((entry) => entry.ip)).toEqual([...Array(5).fill('198.51.100.9'), TEST_IP]);
    expect(failures.at(-1)?.details).toMatchObject({ reason: 'locked' });
    // When the lock has run out, the right password works and the count starts again.
    await prisma.signInThrottle.update({
      where: { email: user.email },
      data: { lockedUntil: new Date(Date.now() - 1) },
    });
    const ok = await authRequest('POST', '/sign-in/email', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(await prisma.signInThrottle.count({ where: { email: user.email } })).toBe(0);
  });

  it('locks an unknown address the same way, so the lock reveals no account', async () => {
    const email = `${uniqueLabel('ghost')}@test.velo.dev`;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await authRequest('POST', '/sign-in/email', { body: { email, password: 'whatever 12345' } });
    }
    const locked = await authRequest('POST', '/sign-in/email', {
      body: { email, password: 'whatever 12345' },
    });
    expect([locked.status, locked.body.code]).toEqual([429, 'ACCOUNT_LOCKED']);
  });
});

describe('sessions', () => {
  it('are listed and revoked by their user; sign-out is audited', async () => {
    const user = await signUp('sessions');
    const second = await authRequest('POST', '/sign-in/email', {
      body: { email: user.email, password: PASSWORD },
    });
    const secondCookie = sessionCookieFrom(second.headers);
    const listed = await authRequest('GET', '/list-sessions', { user });
    const sessions = listed.body as unknown as { token: string; ipAddress: string }[];
    // Sign-up, the verification link's auto sign-in, and the sign-in above.
    expect(sessions).toHaveLength(3);
    const secondToken = (second.body as { token: string }).token;
    const revoked = await authRequest('POST', '/revoke-session', {
      user,
      body: { token: secondToken },
    });
    expect(revoked.status).toBe(200);
    const afterRevoke = await authRequest('GET', '/get-session', { cookie: secondCookie });
    expect(afterRevoke.body).toBeNull();
    await authRequest('POST', '/sign-out', { user });
    await expect((await callerFor(user)).me.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const actions = (
      await prisma.auditLog.findMany({ where: { objectId: user.id }, orderBy: { id: 'asc' } })
    ).map((entry) => entry.action);
    expect(actions).toEqual([
      'user.signUp',
      'user.verifyEmail',
      'user.signIn',
      'session.revoke',
      'user.signOut',
    ]);
  });
});

describe('deleting', () => {
  it('an account that is the only owner of a shared team is refused; otherwise it goes', async () => {
    const team = await createTeamWithRoles('leaving');
    const refused = await authRequest('POST', '/delete-user', {
      user: team.owner,
      body: { password: PASSWORD },
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'SOLE_OWNER']);
    expect(refused.body.message).toMatch(
      /^You are the only owner of ".+"\. Make another member owner or delete the team first\.$/,
    );
    expect(await prisma.user.count({ where: { id: team.owner.id } })).toBe(1);

    // A user alone in their own team: the team (and its jobs) go with the account.
    const solo = await signUp('solo');
    const soloTeam = await (await callerFor(solo)).team.create({ name: uniqueLabel('mine') });
    await prisma.job.create({
      data: {
        teamId: soloTeam.id,
        name: 'running',
        sql: 'SELECT 1',
        desiredState: 'RUNNING',
        createdById: solo.id,
      },
    });
    const deleted = await authRequest('POST', '/delete-user', {
      user: solo,
      body: { password: PASSWORD },
    });
    expect(deleted.status).toBe(200);
    expect(await prisma.user.count({ where: { id: solo.id } })).toBe(0);
    expect(await prisma.team.count({ where: { id: soloTeam.id } })).toBe(0);
    const audit = await prisma.auditLog.findMany({
      where: { actorId: solo.id, action: { in: ['team.delete', 'user.delete'] } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.details])).toEqual([
      [
        'team.delete',
        { name: soloTeam.name, slug: soloTeam.slug, stoppedJobs: 1, reason: 'account deleted' },
      ],
      ['user.delete', { email: solo.email }],
    ]);
  });

  it('a team: owners only, with its name typed, jobs stopped first, audited', async () => {
    const team = await createTeamWithRoles('doomed');
    const ownerApi = await callerFor(team.owner);
    const { name } = await prisma.team.findUniqueOrThrow({ where: { id: team.teamId } });
    const job = await prisma.job.create({
      data: {
        teamId: team.teamId,
        name: 'orders',
        sql: 'SELECT 1',
        desiredState: 'RUNNING',
        createdById: team.owner.id,
      },
    });
    const admin = await errorOf(async () =>
      (await callerFor(team.admin)).team.delete({ teamId: team.teamId, confirmName: name }),
    );
    expect([admin.code, admin.message]).toEqual([
      'FORBIDDEN',
      'This needs the OWNER role or higher; you are ADMIN',
    ]);
    const typo = await errorOf(() =>
      ownerApi.team.delete({ teamId: team.teamId, confirmName: `${name}x` }),
    );
    expect([typo.code, typo.message]).toEqual([
      'BAD_REQUEST',
      `Type the team name "${name}" to confirm`,
    ]);
    expect(await prisma.job.findUnique({ where: { id: job.id } })).toMatchObject({
      desiredState: 'RUNNING',
    });
    expect(await ownerApi.team.delete({ teamId: team.teamId, confirmName: name })).toEqual({
      id: team.teamId,
      name,
      stoppedJobs: 1,
    });
    expect(await prisma.team.count({ where: { id: team.teamId } })).toBe(0);
    expect(
      await prisma.auditLog.findFirst({
        where: { action: 'team.delete', objectId: team.teamId },
      }),
    ).toMatchObject({ teamId: null, actorId: team.owner.id, ip: TEST_IP });
  });
});

describe('the active team', () => {
  it('is remembered on the server across sign-ins', async () => {
    const user = await signUp('switcher');
    const api = await callerFor(user);
    const first = await api.team.create({ name: `A ${uniqueLabel('t')}` });
    const second = await api.team.create({ name: `B ${uniqueLabel('t')}` });
    expect((await api.me.get()).activeTeamId).toBe(first.id);
    await api.me.setActiveTeam({ teamId: second.id });
    const fresh = await authRequest('POST', '/sign-in/email', {
      body: { email: user.email, password: PASSWORD },
    });
    const freshApi = await callerFor({
      ...user,
      headers: new Headers({ cookie: sessionCookieFrom(fresh.headers) }),
    });
    expect((await freshApi.me.get()).activeTeamId).toBe(second.id);
    expect(await accountActions(user)).toContain('user.switchTeam');
  });
});

describe('refused calls', () => {
  it('are audited in the team with the caller and IP', async () => {
    const team = await createTeamWithRoles('refused');
    const viewerApi = await callerFor(team.viewer, '192.0.2.44');
    await errorOf(() => viewerApi.audit.list({ teamId: team.teamId }));
    expect(
      await prisma.auditLog.findFirst({
        where: { teamId: team.teamId },
        orderBy: { id: 'desc' },
      }),
    ).toMatchObject({
      action: 'call.refuse',
      objectType: 'procedure',
      objectId: 'audit.list',
      actorId: team.viewer.id,
      ip: '192.0.2.44',
      details: { role: 'VIEWER', needed: 'ADMIN' },
    });
  });
});
