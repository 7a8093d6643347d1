import type { ServiceDeps } from '../context.ts';
import type { UserRef } from './connection-view.ts';
import { type ConnectionRow, type ConnectionView, connectionViewsOf } from './connection-view.ts';

interface ListedRow extends ConnectionRow {
  createdByName: string | null;
  createdByEmail: string | null;
  updatedByName: string | null;
  updatedByEmail: string | null;
}

function authorsOf(rows: ListedRow[]): Map<string, UserRef> {
  const users = new Map<string, UserRef>();
  for (const row of rows) {
    if (row.createdByName !== null && row.createdByEmail !== null) {
      users.set(row.createdById, {
        id: row.createdById,
        name: row.createdByName,
        email: row.createdByEmail,
      });
    }
    if (row.updatedByName !== null && row.updatedByEmail !== null) {
      users.set(row.updatedById, {
        id: row.updatedById,
        name: row.updatedByName,
        email: row.updatedByEmail,
      });
    }
  }
  return users;
}

/**
 * The team's connections by name, with their authors joined in the same query: the console
 * lists them on most pages, and a second round trip for the authors cost as much as the rows.
 */
export async function listConnections(
  { prisma }: ServiceDeps,
  input: { teamId: string },
): Promise<ConnectionView[]> {
  // Only whether a secret exists is shown, so the envelope itself never leaves the database.
  const rows = await prisma.$queryRaw<ListedRow[]>`
    SELECT c.id, c.name, c.type::text AS type, c.config,
           CASE WHEN c."encryptedSecret" IS NULL THEN NULL ELSE '' END AS "encryptedSecret",
           c."lastTestAt", c."lastTestOk", c."lastTestError", c."lastTestLatencyMs",
           c."createdById", c."updatedById", c."createdAt", c."updatedAt",
           cu.name AS "createdByName", cu.email AS "createdByEmail",
           uu.name AS "updatedByName", uu.email AS "updatedByEmail"
    FROM "Connection" c
    LEFT JOIN "user" cu ON cu.id = c."createdById"
    LEFT JOIN "user" uu ON uu.id = c."updatedById"
    WHERE c."teamId" = ${input.teamId}
    ORDER BY c.name`;
  return connectionViewsOf(rows, authorsOf(rows));
}
