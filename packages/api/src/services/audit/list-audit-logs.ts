import type { ServiceDeps } from '../context.ts';

export interface AuditQuery {
  teamId: string;
  action?: string;
  actorEmail?: string;
  objectType?: string;
  from?: Date;
  to?: Date;
  /** The `id` of the last item of the previous page. */
  cursor?: string;
  limit: number;
}

export interface AuditItem {
  id: string;
  action: string;
  objectType: string;
  objectId: string | null;
  actor: { id: string; email: string; name: string } | null;
  /** What the object is called (connection or team name, member email, ...), when known. */
  objectName: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

function nameInDetails(details: unknown): string | null {
  const record = (details ?? {}) as Record<string, unknown>;
  for (const key of ['name', 'email']) {
    if (typeof record[key] === 'string') return record[key] as string;
  }
  return null;
}

/**
 * Current names of the objects on a page, keyed `type:id`: a renamed connection shows its
 * current name; a deleted one falls back to the name its audit entry recorded.
 */
async function objectNames(
  prisma: ServiceDeps['prisma'],
  rows: { objectType: string; objectId: string | null }[],
): Promise<Map<string, string>> {
  const idsOf = (type: string) => [
    ...new Set(
      rows.filter((row) => row.objectType === type && row.objectId).map((row) => row.objectId!),
    ),
  ];
  const [connections, teams, members] = await Promise.all([
    prisma.connection.findMany({
      where: { id: { in: idsOf('connection') } },
      select: { id: true, name: true },
    }),
    prisma.team.findMany({
      where: { id: { in: idsOf('team') } },
      select: { id: true, name: true },
    }),
    prisma.user.findMany({
      where: { id: { in: idsOf('membership') } },
      select: { id: true, email: true },
    }),
  ]);
  const names = new Map<string, string>();
  for (const row of connections) names.set(`connection:${row.id}`, row.name);
  for (const row of teams) names.set(`team:${row.id}`, row.name);
  for (const row of members) names.set(`membership:${row.id}`, row.email);
  for (const row of rows) {
    if (row.objectType === 'procedure' && row.objectId) {
      names.set(`procedure:${row.objectId}`, row.objectId);
    }
  }
  return names;
}

/** Newest first, filtered; pages by id so entries written meanwhile never shift a page. */
export async function listAuditLogs(
  { prisma }: ServiceDeps,
  query: AuditQuery,
): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
  let actorIds: string[] | undefined;
  if (query.actorEmail) {
    const actors = await prisma.user.findMany({
      // Part of an email is enough ("alice", "@example.com").
      where: { email: { contains: query.actorEmail.trim(), mode: 'insensitive' } },
      select: { id: true },
    });
    actorIds = actors.map((actor) => actor.id);
    if (actorIds.length === 0) return { items: [], nextCursor: null };
  }
  const rows = await prisma.auditLog.findMany({
    where: {
      teamId: query.teamId,
      ...(query.action ? { action: query.action } : {}),
      ...(query.objectType ? { objectType: query.objectType } : {}),
      ...(actorIds ? { actorId: { in: actorIds } } : {}),
      ...(query.from || query.to
        ? {
            createdAt: {
              ...(query.from ? { gte: query.from } : {}),
              ...(query.to ? { lte: query.to } : {}),
            },
          }
        : {}),
      ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const userIds = [...new Set(page.map((row) => row.actorId).filter((id): id is string => !!id))];
  const users = await prisma.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, email: true, name: true },
  });
  const byId = new Map(users.map((user) => [user.id, user]));
  const names = await objectNames(prisma, page);
  return {
    items: page.map((row) => ({
      id: row.id.toString(),
      action: row.action,
      objectType: row.objectType,
      objectId: row.objectId,
      actor: row.actorId ? (byId.get(row.actorId) ?? null) : null,
      objectName: names.get(`${row.objectType}:${row.objectId}`) ?? nameInDetails(row.details),
      ip: row.ip,
      details: (row.details ?? {}) as Record<string, unknown>,
      createdAt: row.createdAt,
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1].id.toString() : null,
  };
}
