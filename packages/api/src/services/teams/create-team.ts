import type { Role } from '@velo/db';
import type { Db } from '../../db.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';

export interface TeamSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

/** "Payments Analytics!" -> "payments-analytics"; never empty. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'team';
}

async function freeSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name);
  const taken = await db.team.findMany({
    where: { slug: { startsWith: base } },
    select: { slug: true },
  });
  const used = new Set(taken.map((team) => team.slug));
  if (!used.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    if (!used.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
  }
}

/** Creates a team with the caller as its OWNER. */
export async function createTeam(
  { prisma, actor }: MutationDeps,
  input: { name: string },
): Promise<TeamSummary> {
  return prisma.$transaction(async (tx) => {
    const team = await tx.team.create({
      data: {
        name: input.name,
        slug: await freeSlug(tx, input.name),
        memberships: { create: { userId: actor.userId, role: 'OWNER' } },
      },
    });
    await writeAudit(tx, {
      teamId: team.id,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'team.create',
      objectType: 'team',
      objectId: team.id,
      details: { name: team.name, slug: team.slug },
    });
    return { id: team.id, name: team.name, slug: team.slug, role: 'OWNER' as const };
  });
}
