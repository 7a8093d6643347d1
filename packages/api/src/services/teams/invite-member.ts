import type { Role } from '@velo/db';
import { AppError } from '../../errors.ts';
import { roleChangeRefusal } from '../../roles.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';

export type InviteOutcome =
  | { kind: 'member'; userId: string; email: string; role: Role }
  | { kind: 'invitation'; invitationId: string; email: string; role: Role };

/**
 * Adds `email` to the team: as a member right away when they have an account, otherwise as
 * a pending invitation that becomes a membership when they sign up.
 */
export async function inviteMember(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; actorRole: Role; email: string; role: Role },
): Promise<InviteOutcome> {
  const refusal = roleChangeRefusal(input.actorRole, null, input.role);
  if (refusal) throw new AppError('FORBIDDEN', refusal);
  const email = input.email.trim().toLowerCase();

  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findFirst({
      where: { email: { equals: email, mode: 'insensitive' } },
      select: { id: true, email: true },
    });
    if (user) {
      const existing = await tx.membership.findUnique({
        where: { teamId_userId: { teamId: input.teamId, userId: user.id } },
      });
      if (existing) {
        const message = `${email} is already a member of this team`;
        throw new AppError('CONFLICT', message, { email: [message] });
      }
      await tx.membership.create({
        data: { teamId: input.teamId, userId: user.id, role: input.role },
      });
      await writeAudit(tx, {
        teamId: input.teamId,
        actorId: actor.userId,
        ip: actor.ip,
        action: 'membership.create',
        objectType: 'membership',
        objectId: user.id,
        details: { email, role: input.role },
      });
      return { kind: 'member', userId: user.id, email, role: input.role };
    }

    const pending = await tx.invitation.findUnique({
      where: { teamId_email: { teamId: input.teamId, email } },
    });
    if (pending && !pending.acceptedAt) {
      const message = `${email} has already been invited`;
      throw new AppError('CONFLICT', message, { email: [message] });
    }
    // An accepted invitation whose member has since left is replaced by a fresh one.
    if (pending) await tx.invitation.delete({ where: { id: pending.id } });
    const invitation = await tx.invitation.create({
      data: { teamId: input.teamId, email, role: input.role, invitedById: actor.userId },
    });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'invitation.create',
      objectType: 'invitation',
      objectId: invitation.id,
      details: { email, role: input.role },
    });
    return { kind: 'invitation', invitationId: invitation.id, email, role: input.role };
  });
}
