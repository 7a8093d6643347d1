import type { ConnectionModel as Connection } from '@velo/db';
import { z } from 'zod';
import type { Db } from '../../db.ts';
import { CONNECTION_TYPES } from './connection-config.ts';

/** The outcome of the last "Test connection" of the current settings, with its time. */
export const ZLastTest = z.object({
  at: z.date(),
  ok: z.boolean(),
  error: z.string().nullable(),
  latencyMs: z.number().nullable(),
});

export const ZUserRef = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type UserRef = z.infer<typeof ZUserRef>;

/** A connection as the API shows it: everything but the secret, which is only `hasSecret`. */
export const ZConnectionView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(CONNECTION_TYPES),
  config: z.record(z.string(), z.unknown()),
  hasSecret: z.boolean(),
  lastTest: ZLastTest.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ZUserRef.nullable(),
  updatedBy: ZUserRef.nullable(),
});
export type ConnectionView = z.infer<typeof ZConnectionView>;

/** What a view shows of a connection row (the team and key ids stay out). */
export type ConnectionRow = Omit<Connection, 'teamId' | 'keyId'>;

/** The views of `rows`, whose authors `users` holds by id. */
export function connectionViewsOf(
  rows: ConnectionRow[],
  users: Map<string, UserRef>,
): ConnectionView[] {
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    type: row.type,
    config: (row.config ?? {}) as Record<string, unknown>,
    hasSecret: row.encryptedSecret !== null,
    lastTest:
      row.lastTestAt && row.lastTestOk !== null
        ? {
            at: row.lastTestAt,
            ok: row.lastTestOk,
            error: row.lastTestError,
            latencyMs: row.lastTestLatencyMs,
          }
        : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: users.get(row.createdById) ?? null,
    updatedBy: users.get(row.updatedById) ?? null,
  }));
}

/** Builds the views of `rows`, loading their authors in one query. */
export async function toConnectionViews(db: Db, rows: Connection[]): Promise<ConnectionView[]> {
  const ids = [...new Set(rows.flatMap((row) => [row.createdById, row.updatedById]))];
  if (ids.length === 0) return [];
  const users = await db.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, email: true },
  });
  return connectionViewsOf(rows, new Map(users.map((user) => [user.id, user])));
}

export async function toConnectionView(db: Db, row: Connection): Promise<ConnectionView> {
  const [view] = await toConnectionViews(db, [row]);
  return view;
}
