/**
 * Membership rules: only owners make or unmake owners, the last owner stays, and each change is
 * audited.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  prisma,
  signUp,
  TEST_IP,
  type TeamFixture,
  uniqueLabel,
} from '../../../test/harness.ts';

let team: TeamFixture;
let ownerApi: Caller;
let adminApi: Caller;

beforeEach(async () => {
  team = await createTeamWithRoles('rules');
  ownerApi = await callerFor(team.owner);
  adminApi = await callerFor(team.admin);
});

async function roleOf(userId: string) {
  const membership = await prisma.membership.findUnique({
    where: { teamId_userId: { teamId: team.teamId, userId } },
  });
  return membership?.role ?? null;
}

async function lastAudit() {
  return prisma.auditLog.findFirstOrThrow({
    where: { teamId: team.teamId },
    orderBy: { id: 'desc' },
  });
}

describe('owners', () => {
  it('the last owner can be neither demoted nor removed', async () => {
    const demote = await errorOf(() =>
      ownerApi.team.changeRole({ teamId: team.teamId, userId: team.owner.id, role: 'ADMIN' }),
    );
    expect([demote.code, demote.message]).toEqual([
      'PRECONDITION_FAILED',
      'The last owner of a team cannot be demoted',
    ]);
    const remove = await errorOf(() =>
      ownerApi.team.removeMember({ teamId: team.teamId, userId: team.owner.id }),
    );
    expect([remove.code, remove.message]).toEqual([
      'PRECONDITION_FAILED',
      'The last owner of a team cannot be removed',
    ]);
    expect(await roleOf(team.owner.id)).toBe('OWNER');
  });

  it('with a second owner, the first may step down', async () => {
    await ownerApi.team.changeRole({ teamId: team.teamId, userId: team.admin.id, role: 'OWNER' });
    expect(
      await ownerApi.team.changeRole({
        teamId: team.teamId,
        userId: team.owner.id,
        role: 'VIEWER',
      }),
    ).toEqual({ userId: team.owner.id, role: 'VIEWER' });
    expect(await roleOf(team.owner.id)).toBe('VIEWER');
    const entry = await lastAudit();
    expect(entry).toMatchObject({
      action: 'membership.update',
      objectType: 'membership',
      objectId: team.owner.id,
      actorId: team.owner.id,
      ip: TEST_IP,
      details: { from: 'OWNER', to: 'VIEWER' },
    });
  });

  it('two owners demoting each other at once leave one owner', async () => {
    await ownerApi.team.changeRole({ teamId: team.teamId, userId: team.admin.id, role: 'OWNER' });
    const secondOwnerApi = await callerFor(team.admin);
    const results = await Promise.allSettled([
      ownerApi.team.changeRole({ teamId: team.teamId, userId: team.admin.id, role: 'ADMIN' }),
      secondOwnerApi.team.changeRole({ teamId: team.teamId, userId: team.owner.id, role: 'ADMIN' }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await prisma.membership.count({ where: { teamId: team.teamId, role: 'OWNER' } })).toBe(
      1,
    );
  });

  it('an admin cannot grant, revoke or remove the OWNER role', async () => {
    const message = 'Only an owner can grant or revoke the OWNER role';
    for (const call of [
      () =>
        adminApi.team.changeRole({ teamId: team.teamId, userId: team.editor.id, role: 'OWNER' }),
      () =>
        adminApi.team.changeRole({ teamId: team.teamId, userId: team.owner.id, role: 'VIEWER' }),
      () =>
        adminApi.team.invite({
          teamId: team.teamId,
          email: `${uniqueLabel('x')}@test.velo.dev`,
          role: 'OWNER',
        }),
    ]) {
      const error = await errorOf(call);
      expect([error.code, error.message]).toEqual(['FORBIDDEN', message]);
    }
    const remove = await errorOf(() =>
      adminApi.team.removeMember({ teamId: team.teamId, userId: team.owner.id }),
    );
    expect([remove.code, remove.message]).toEqual([
      'FORBIDDEN',
      'Only an owner can remove an owner',
    ]);
    expect(await roleOf(team.owner.id)).toBe('OWNER');
    expect(await roleOf(team.editor.id)).toBe('EDITOR');
  });

  it('an admin manages non-owners', async () => {
    await adminApi.team.changeRole({ teamId: team.teamId, userId: team.viewer.id, role: 'ADMIN' });
    expect(await roleOf(team.viewer.id)).toBe('ADMIN');
    await adminApi.team.removeMember({ teamId: team.teamId, userId: team.editor.id });
    expect(await roleOf(team.editor.id)).toBeNull();
    expect(await lastAudit()).toMatchObject({
      action: 'membership.delete',
      objectId: team.editor.id,
      actorId: team.admin.id,
      details: { email: team.editor.email, role: 'EDITOR' },
    });
    // The removed member no longer sees the team.
    const editorApi = await callerFor(team.editor);
    expect((await editorApi.me.get()).teams.map((t) => t.id)).not.toContain(team.teamId);
    const error = await errorOf(() => editorApi.connection.list({ teamId: team.teamId }));
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('invitations', () => {
  // Accepting, declining and who may do it: invitations.integration.test.ts.
  it('inviting a member or a pending address again is a conflict', async () => {
    const again = await errorOf(() =>
      ownerApi.team.invite({ teamId: team.teamId, email: team.viewer.email, role: 'ADMIN' }),
    );
    expect([again.code, again.message]).toEqual([
      'CONFLICT',
      `${team.viewer.email} is already a member of this team`,
    ]);
    const email = `${uniqueLabel('twice')}@test.velo.dev`;
    await ownerApi.team.invite({ teamId: team.teamId, email, role: 'VIEWER' });
    const twice = await errorOf(() =>
      ownerApi.team.invite({ teamId: team.teamId, email, role: 'VIEWER' }),
    );
    expect([twice.code, twice.message]).toEqual(['CONFLICT', `${email} has already been invited`]);
    const pending = await ownerApi.team.members({ teamId: team.teamId });
    expect(pending.invitations).toEqual([
      {
        id: expect.any(String),
        email,
        role: 'VIEWER',
        createdAt: expect.any(Date),
        expiresAt: expect.any(Date),
        status: 'pending',
      },
    ]);
  });

  it('a revocation is audited', async () => {
    const email = `${uniqueLabel('revoked')}@test.velo.dev`;
    const invited = await ownerApi.team.invite({ teamId: team.teamId, email, role: 'ADMIN' });
    await adminApi.team.revokeInvitation({
      teamId: team.teamId,
      invitationId: invited.invitationId,
    });
    expect(await lastAudit()).toMatchObject({
      action: 'invitation.delete',
      objectId: invited.invitationId,
      details: { email, role: 'ADMIN' },
    });
  });
});

describe('team.create', () => {
  it('makes the caller owner, with a unique slug, and audits it', async () => {
    const user = await signUp('founder');
    const api = await callerFor(user);
    const name = `Payments ${uniqueLabel('x')}`;
    const first = await api.team.create({ name });
    const second = await api.team.create({ name });
    expect(first.slug).toBe(name.toLowerCase().replace(/ /g, '-'));
    expect(second.slug).toBe(`${first.slug}-2`);
    expect(first.role).toBe('OWNER');
    expect((await api.me.get()).teams.map((t) => t.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { teamId: first.id } });
    expect(entry).toMatchObject({ action: 'team.create', actorId: user.id, objectId: first.id });
  });
});
