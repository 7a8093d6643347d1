/**
 * Hole 1 of issue #11: an invitation went to whoever signed up with the address, at once, and
 * to an existing account without asking. Now nobody joins a team until a signed-in user whose
 * verified email is the invited address accepts the mailed token link (or declines it).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  BASE_URL,
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  prisma,
  signUp,
  signUpUnverified,
  TEST_IP,
  type TeamFixture,
  uniqueLabel,
  verifyEmailThroughMail,
} from '../../../test/harness.ts';
import { linkInMail, mailsTo } from '../../../test/mailbox.ts';

let team: TeamFixture;
let ownerApi: Caller;

beforeEach(async () => {
  team = await createTeamWithRoles('invites');
  ownerApi = await callerFor(team.owner);
});

async function roleOf(userId: string) {
  const membership = await prisma.membership.findUnique({
    where: { teamId_userId: { teamId: team.teamId, userId } },
  });
  return membership?.role ?? null;
}

/** The token of the newest invitation link mailed to `email`. */
async function mailedToken(email: string): Promise<string> {
  const link = await linkInMail(email, `${BASE_URL}/invitations/`);
  return decodeURIComponent(link.slice(`${BASE_URL}/invitations/`.length));
}

async function lastAudit() {
  return prisma.auditLog.findFirstOrThrow({
    where: { teamId: team.teamId },
    orderBy: { id: 'desc' },
  });
}

describe('signing up with an invited address', () => {
  it('does not make anyone a member; an unverified address cannot accept', async () => {
    const label = uniqueLabel('new-hire');
    const invited = await ownerApi.team.invite({
      teamId: team.teamId,
      email: `${label}@test.velo.dev`,
      role: 'ADMIN',
    });
    expect(invited).toEqual({
      kind: 'invitation',
      invitationId: expect.any(String),
      email: `${label}@test.velo.dev`,
      role: 'ADMIN',
      expiresAt: expect.any(Date),
    });
    // Someone signs up with the address in other case, without owning the mailbox.
    const { response } = await auth.api.signUpEmail({
      body: {
        name: 'Intruder',
        email: `${label.toUpperCase()}@test.velo.dev`,
        password: 'a long password',
      },
      returnHeaders: true,
    });
    expect(await roleOf(response.user.id)).toBeNull();
    const intruderCookie = await auth.api.signInEmail({
      body: { email: `${label}@test.velo.dev`, password: 'a long password' },
      returnHeaders: true,
    });
    const intruder = {
      id: response.user.id,
      name: 'Intruder',
      email: `${label}@test.velo.dev`,
      headers: new Headers({
        cookie: intruderCookie.headers
          .getSetCookie()
          .map((l) => l.split(';')[0])
          .join('; '),
      }),
    };
    const intruderApi = await callerFor(intruder);
    expect((await intruderApi.me.get()).teams).toEqual([]);
    expect(await intruderApi.invitation.mine()).toEqual({ emailVerified: false, invitations: [] });

    // Even holding the mailed link, an unverified account is refused, and that is audited.
    const token = await mailedToken(`${label}@test.velo.dev`);
    const refused = await errorOf(() => intruderApi.invitation.accept({ token }));
    expect([refused.code, refused.message]).toEqual([
      'FORBIDDEN',
      `Verify your email address first: open the link we mailed to ${label}@test.velo.dev.`,
    ]);
    expect(await roleOf(intruder.id)).toBeNull();
    expect(await lastAudit()).toMatchObject({
      action: 'invitation.refuse',
      actorId: intruder.id,
      ip: TEST_IP,
      details: { verb: 'accept', reason: 'email not verified' },
    });
  });

  it('a verified invitee joins only by accepting the mailed link', async () => {
    const user = await signUpUnverified('joiner');
    await ownerApi.team.invite({ teamId: team.teamId, email: user.email, role: 'EDITOR' });
    await verifyEmailThroughMail(user);
    const api = await callerFor(user);
    // Verified, the user sees the invitation but is not a member yet.
    const me = await api.me.get();
    expect([me.teams, me.pendingInvitations, me.user.emailVerified]).toEqual([[], 1, true]);
    const token = await mailedToken(user.email);
    const shown = await api.invitation.get({ token });
    expect(shown).toMatchObject({
      teamId: team.teamId,
      email: user.email,
      role: 'EDITOR',
      invitedBy: team.owner.name,
      status: 'pending',
      forYou: true,
      emailVerified: true,
    });
    expect(await roleOf(user.id)).toBeNull();

    expect(await api.invitation.accept({ token })).toEqual({
      teamId: team.teamId,
      teamName: expect.any(String),
      role: 'EDITOR',
    });
    expect(await roleOf(user.id)).toBe('EDITOR');
    expect((await api.me.get()).activeTeamId).toBe(team.teamId);
    expect(await lastAudit()).toMatchObject({
      action: 'invitation.accept',
      actorId: user.id,
      ip: TEST_IP,
      details: { email: user.email, role: 'EDITOR', alreadyMember: false },
    });
    // The link is used up.
    const again = await errorOf(() => api.invitation.accept({ token }));
    expect([again.code, again.message]).toEqual([
      'PRECONDITION_FAILED',
      'This invitation has already been accepted.',
    ]);
  });
});

describe('existing accounts', () => {
  it('are never added silently; the answer does not reveal that the account exists', async () => {
    const existing = await signUp('existing');
    const nobody = `${uniqueLabel('nobody')}@test.velo.dev`;
    const forExisting = await ownerApi.team.invite({
      teamId: team.teamId,
      email: existing.email.toUpperCase(),
      role: 'VIEWER',
    });
    const forNobody = await ownerApi.team.invite({
      teamId: team.teamId,
      email: nobody,
      role: 'VIEWER',
    });
    expect(Object.keys(forExisting).sort()).toEqual(Object.keys(forNobody).sort());
    expect([forExisting.kind, forNobody.kind]).toEqual(['invitation', 'invitation']);
    expect(mailsTo(existing.email).at(-1)?.text).toContain('invited');
    expect(mailsTo(nobody)).toHaveLength(1);
    expect(await roleOf(existing.id)).toBeNull();

    const api = await callerFor(existing);
    expect((await api.me.get()).teams.map((t) => t.id)).not.toContain(team.teamId);
    const mine = await api.invitation.mine();
    expect(mine.invitations).toEqual([
      expect.objectContaining({ teamId: team.teamId, role: 'VIEWER', status: 'pending' }),
    ]);
    await api.invitation.accept({ invitationId: mine.invitations[0]!.id });
    expect(await roleOf(existing.id)).toBe('VIEWER');
  });

  it('another signed-in user holding the link is refused and audited', async () => {
    const invitee = await signUp('invitee');
    const other = await signUp('other');
    await ownerApi.team.invite({ teamId: team.teamId, email: invitee.email, role: 'ADMIN' });
    const token = await mailedToken(invitee.email);
    const otherApi = await callerFor(other);
    const refused = await errorOf(() => otherApi.invitation.accept({ token }));
    expect([refused.code, refused.message]).toEqual([
      'FORBIDDEN',
      `This invitation was sent to ${invitee.email}. Sign in with that address to accept it.`,
    ]);
    expect(await lastAudit()).toMatchObject({
      action: 'invitation.refuse',
      actorId: other.id,
      details: { reason: 'other email', callerEmail: other.email },
    });
    // By id, someone else's invitation does not exist.
    const invitation = await prisma.invitation.findFirstOrThrow({
      where: { teamId: team.teamId, email: invitee.email },
    });
    const byId = await errorOf(() => otherApi.invitation.decline({ invitationId: invitation.id }));
    expect([byId.code, byId.message]).toEqual([
      'NOT_FOUND',
      'Invitation not found. It may have been revoked or replaced.',
    ]);
    expect(await roleOf(other.id)).toBeNull();
    expect(await roleOf(invitee.id)).toBeNull();
  });
});

describe('declining, expiry and revocation', () => {
  it('a declined invitation cannot be accepted; admins see it declined', async () => {
    const user = await signUp('decliner');
    await ownerApi.team.invite({ teamId: team.teamId, email: user.email, role: 'EDITOR' });
    const token = await mailedToken(user.email);
    const api = await callerFor(user);
    expect(await api.invitation.decline({ token })).toEqual({
      id: expect.any(String),
      teamName: expect.any(String),
    });
    expect(await lastAudit()).toMatchObject({ action: 'invitation.decline', actorId: user.id });
    const accept = await errorOf(() => api.invitation.accept({ token }));
    expect(accept.message).toBe('This invitation has already been declined.');
    expect(await roleOf(user.id)).toBeNull();
    const members = await ownerApi.team.members({ teamId: team.teamId });
    expect(members.invitations).toEqual([
      expect.objectContaining({ email: user.email, status: 'declined' }),
    ]);
    // It can be sent again.
    await ownerApi.team.invite({ teamId: team.teamId, email: user.email, role: 'EDITOR' });
    await api.invitation.accept({ token: await mailedToken(user.email) });
    expect(await roleOf(user.id)).toBe('EDITOR');
  });

  it('an expired link is refused', async () => {
    const user = await signUp('late');
    const invited = await ownerApi.team.invite({
      teamId: team.teamId,
      email: user.email,
      role: 'VIEWER',
    });
    await prisma.invitation.update({
      where: { id: invited.invitationId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const error = await errorOf(async () =>
      (await callerFor(user)).invitation.accept({ token: await mailedToken(user.email) }),
    );
    expect([error.code, error.message]).toEqual([
      'PRECONDITION_FAILED',
      'This invitation has expired. Ask for a new one.',
    ]);
    expect(await roleOf(user.id)).toBeNull();
  });

  it('a revoked invitation is gone', async () => {
    const user = await signUp('revoked');
    const invited = await ownerApi.team.invite({
      teamId: team.teamId,
      email: user.email,
      role: 'ADMIN',
    });
    const token = await mailedToken(user.email);
    await ownerApi.team.revokeInvitation({
      teamId: team.teamId,
      invitationId: invited.invitationId,
    });
    const error = await errorOf(async () => (await callerFor(user)).invitation.accept({ token }));
    expect(error.code).toBe('NOT_FOUND');
    expect(await roleOf(user.id)).toBeNull();
  });
});
