import type { Role } from '@velo/db';
import type { ServiceDeps } from '../context.ts';

export interface Me {
  user: { id: string; name: string; email: string; emailVerified: boolean };
  teams: { id: string; name: string; slug: string; role: Role }[];
  /** The team the console opens: the one remembered on the server, else the first. */
  activeTeamId: string | null;
  /** Invitations waiting for this user's (verified) email: shown, never accepted silently. */
  pendingInvitations: number;
}

/** The signed-in user, their teams and the team to open. Never joins a team by itself. */
export async function getMe(
  { prisma }: ServiceDeps,
  input: { user: { id: string; name: string; email: string } },
): Promise<Me> {
  const [row, memberships] = await Promise.all([
    prisma.user.findUniqueOrThrow({
      where: { id: input.user.id },
      select: { emailVerified: true, activeTeamId: true, email: true },
    }),
    prisma.membership.findMany({
      where: { userId: input.user.id },
      include: { team: { select: { id: true, name: true, slug: true } } },
    }),
  ]);
  const teams = memberships
    .map((membership) => ({ ...membership.team, role: membership.role }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
  const active = teams.find((team) => team.id === row.activeTeamId) ?? teams[0] ?? null;
  const pendingInvitations = row.emailVerified
    ? await prisma.invitation.count({
        where: {
          email: { equals: row.email, mode: 'insensitive' },
          acceptedAt: null,
          declinedAt: null,
          OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
        },
      })
    : 0;
  return {
    user: { ...input.user, emailVerified: row.emailVerified },
    teams,
    activeTeamId: active?.id ?? null,
    pendingInvitations,
  };
}
