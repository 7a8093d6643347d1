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

interface AuditRow {
  id: bigint;
  action: string;
  objectType: string;
  objectId: string | null;
  ip: string | null;
  details: unknown;
  createdAt: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  currentName: string | null;
}

function nameInDetails(details: unknown): string | null {
  const record = (details ?? {}) as Record<string, unknown>;
  for (const key of ['name', 'email']) {
    if (typeof record[key] === 'string') return record[key] as string;
  }
  return null;
}

/**
 * Newest first, filtered; pages by id so entries written meanwhile never shift a page.
 *
 * One query for the page, its actors and the current names of its objects (a renamed
 * connection shows its current name; a deleted one falls back to the name its entry recorded):
 * the list is called on every audit page load, and five round trips through the query compiler
 * cost more than the rows. Absent filters are NULL parameters, so the text stays one statement.
 */
export async function listAuditLogs(
  { prisma }: ServiceDeps,
  query: AuditQuery,
): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
  let actorIds: string[] | null = null;
  if (query.actorEmail) {
    const actors = await prisma.user.findMany({
      // Part of an email is enough ("alice", "@example.com"). Prisma's `contains` is a LIKE that
      // leaves `%` and `_` as wildcards, so "%" would match every account: escape them.
      where: {
        email: { contains: escapeLikePattern(query.actorEmail.trim()), mode: 'insensitive' },
      },
      select: { id: true },
    });
    actorIds = actors.map((actor) => actor.id);
    if (actorIds.length === 0) return { items: [], nextCursor: null };
  }
  const action = query.action || null;
  const objectType = query.objectType || null;
  const from = query.from ?? null;
  const to = query.to ?? null;
  const cursor = query.cursor ? BigInt(query.cursor) : null;
  const rows = await prisma.$queryRaw<AuditRow[]>`
    SELECT a.id, a.action, a."objectType", a."objectId", a.ip, a.details, a."createdAt",
           actor.id AS "actorId", actor.email AS "actorEmail", actor.name AS "actorName",
           CASE a."objectType"
             WHEN 'connection' THEN c.name
             WHEN 'team' THEN t.name
             WHEN 'membership' THEN member.email
             WHEN 'procedure' THEN a."objectId"
           END AS "currentName"
    FROM (
      SELECT * FROM "AuditLog"
      WHERE "teamId" = ${query.teamId}
        AND (${action}::text IS NULL OR action = ${action}::text)
        AND (${objectType}::text IS NULL OR "objectType" = ${objectType}::text)
        AND (${actorIds}::text[] IS NULL OR "actorId" = ANY(${actorIds}::text[]))
        AND (${from}::timestamp IS NULL OR "createdAt" >= ${from}::timestamp)
        AND (${to}::timestamp IS NULL OR "createdAt" <= ${to}::timestamp)
        AND (${cursor}::bigint IS NULL OR id < ${cursor}::bigint)
      ORDER BY id DESC
      LIMIT ${query.limit + 1}
    ) a
    LEFT JOIN "user" actor ON actor.id = a."actorId"
    LEFT JOIN "Connection" c ON a."objectType" = 'connection' AND c.id = a."objectId"
    LEFT JOIN "Team" t ON a."objectType" = 'team' AND t.id = a."objectId"
    LEFT JOIN "user" member ON a."objectType" = 'membership' AND member.id = a."objectId"
    ORDER BY a.id DESC`;
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      id: row.id.toString(),
      action: row.action,
      objectType: row.objectType,
      objectId: row.objectId,
      actor:
        row.actorId !== null && row.actorEmail !== null && row.actorName !== null
          ? { id: row.actorId, email: row.actorEmail, name: row.actorName }
          : null,
      objectName: row.currentName ?? nameInDetails(row.details),
      ip: row.ip,
      details: (row.details ?? {}) as Record<string, unknown>,
      createdAt: row.createdAt,
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1].id.toString() : null,
  };
}

/** The text as a literal inside a LIKE pattern (PostgreSQL's default escape character is `\`). */
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
