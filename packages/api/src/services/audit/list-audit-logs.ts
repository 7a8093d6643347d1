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
  ip: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** Newest first, filtered; pages by id so entries written meanwhile never shift a page. */
export async function listAuditLogs(
  { prisma }: ServiceDeps,
  query: AuditQuery,
): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
  let actorIds: string[] | undefined;
  if (query.actorEmail) {
    const actors = await prisma.user.findMany({
      where: { email: { equals: query.actorEmail.trim(), mode: 'insensitive' } },
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
  return {
    items: page.map((row) => ({
      id: row.id.toString(),
      action: row.action,
      objectType: row.objectType,
      objectId: row.objectId,
      actor: row.actorId ? (byId.get(row.actorId) ?? null) : null,
      ip: row.ip,
      details: (row.details ?? {}) as Record<string, unknown>,
      createdAt: row.createdAt,
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1].id.toString() : null,
  };
}
