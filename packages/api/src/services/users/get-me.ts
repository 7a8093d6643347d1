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

interface MeRow {
  emailVerified: boolean;
  activeTeamId: string | null;
  teams: { id: string; name: string; slug: string; role: Role }[];
  pendingInvitations: number;
}

/**
 * The signed-in user, their teams and the team to open. Never joins a team by itself.
 *
 * One query (the console calls this on every page): the user's row, their teams as JSON and the
 * count of invitations waiting for their address, which only a verified address may see.
 */
export async function getMe(
  { prisma }: ServiceDeps,
  input: { user: { id: string; name: string; email: string } },
): Promise<Me> {
  const [row] = await prisma.$queryRaw<MeRow[]>`
    SELECT u."emailVerified", u."activeTeamId",
      COALESCE((
        SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'slug', t.slug, 'role', m.role))
        FROM "Membership" m JOIN "Team" t ON t.id = m."teamId"
        WHERE m."userId" = u.id
      ), '[]'::json) AS teams,
      CASE WHEN u."emailVerified" THEN (
        SELECT count(*)::int FROM "Invitation" i
        WHERE lower(i.email) = lower(u.email) AND i."acceptedAt" IS NULL
          AND i."declinedAt" IS NULL
          AND (i."expiresAt" IS NULL OR i."expiresAt" > ${new Date()}::timestamp)
      ) ELSE 0 END AS "pendingInvitations"
    FROM "user" u WHERE u.id = ${input.user.id}`;
  if (!row) throw new Error(`The signed-in user ${input.user.id} no longer exists`);
  const teams = row.teams.sort(
    (a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug),
  );
  const active = teams.find((team) => team.id === row.activeTeamId) ?? teams[0] ?? null;
  return {
    user: { ...input.user, emailVerified: row.emailVerified },
    teams,
    activeTeamId: active?.id ?? null,
    pendingInvitations: row.pendingInvitations,
  };
}
