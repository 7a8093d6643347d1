import type { PrismaClient } from '@velo/db';
import type { InvitationView } from './find-invitation.ts';

/**
 * Pending invitations for the signed-in user's email, shown in the console so an existing user
 * can accept or decline them; only once that email is verified (before, nothing is listed).
 */
export async function listMyInvitations(
  prisma: PrismaClient,
  input: { userId: string },
): Promise<{ emailVerified: boolean; invitations: InvitationView[] }> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: input.userId } });
  if (!user.emailVerified) return { emailVerified: false, invitations: [] };
  const now = new Date();
  const rows = await prisma.invitation.findMany({
    where: {
      email: { equals: user.email, mode: 'insensitive' },
      acceptedAt: null,
      declinedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    include: { team: { select: { name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const inviterIds = [...new Set(rows.map((row) => row.invitedById))];
  const inviters = await prisma.user.findMany({ where: { id: { in: inviterIds } } });
  const byId = new Map(inviters.map((inviter) => [inviter.id, inviter.name || inviter.email]));
  return {
    emailVerified: true,
    invitations: rows.map((row) => ({
      id: row.id,
      teamId: row.teamId,
      teamName: row.team.name,
      email: row.email,
      role: row.role,
      invitedBy: byId.get(row.invitedById) ?? 'a former member',
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      status: 'pending' as const,
    })),
  };
}
