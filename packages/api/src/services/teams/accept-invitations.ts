import type { PrismaClient } from '@velo/db';
import { writeAudit } from '../audit/write-audit.ts';

/**
 * Turns the pending invitations for `email` into memberships of `userId` (on sign-up and on
 * every `me.get`, so an invitation made after sign-up is picked up too). Returns how many
 * were accepted.
 */
export async function acceptInvitations(
  prisma: PrismaClient,
  user: { userId: string; email: string; ip?: string | null },
): Promise<number> {
  const email = user.email.trim().toLowerCase();
  const pending = await prisma.invitation.findMany({
    where: { email: { equals: email, mode: 'insensitive' }, acceptedAt: null },
  });
  let accepted = 0;
  for (const invitation of pending) {
    await prisma.$transaction(async (tx) => {
      // Claim the invitation first so two concurrent calls cannot both accept it.
      const claimed = await tx.invitation.updateMany({
        where: { id: invitation.id, acceptedAt: null },
        data: { acceptedAt: new Date() },
      });
      if (claimed.count === 0) return;
      const existing = await tx.membership.findUnique({
        where: { teamId_userId: { teamId: invitation.teamId, userId: user.userId } },
      });
      if (!existing) {
        await tx.membership.create({
          data: { teamId: invitation.teamId, userId: user.userId, role: invitation.role },
        });
      }
      await writeAudit(tx, {
        teamId: invitation.teamId,
        actorId: user.userId,
        ip: user.ip ?? null,
        action: 'invitation.accept',
        objectType: 'invitation',
        objectId: invitation.id,
        details: { email, role: invitation.role, alreadyMember: Boolean(existing) },
      });
      accepted++;
    });
  }
  return accepted;
}
