import type { Role } from '@velo/db';
import type { ServiceDeps } from '../context.ts';
import { acceptInvitations } from '../teams/accept-invitations.ts';

export interface Me {
  user: { id: string; name: string; email: string };
  teams: { id: string; name: string; slug: string; role: Role }[];
}

/** The signed-in user and their teams (accepting invitations that arrived since sign-up). */
export async function getMe(
  { prisma }: ServiceDeps,
  input: { user: { id: string; name: string; email: string }; ip: string | null },
): Promise<Me> {
  await acceptInvitations(prisma, { userId: input.user.id, email: input.user.email, ip: input.ip });
  const memberships = await prisma.membership.findMany({
    where: { userId: input.user.id },
    include: { team: { select: { id: true, name: true, slug: true } } },
  });
  const teams = memberships
    .map((membership) => ({ ...membership.team, role: membership.role }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
  return { user: input.user, teams };
}
