import type { Db } from '../../db.ts';

export interface AuditEntry {
  teamId: string | null;
  actorId: string | null;
  ip: string | null;
  /** `<objectType>.<verb>`, e.g. `connection.create`. */
  action: string;
  objectType: string;
  objectId: string | null;
  /** What changed, in plain values. Never a secret: callers pass names and flags only. */
  details?: Record<string, unknown>;
}

/** Records one mutation. Call it inside the mutation's transaction so both commit together. */
export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      teamId: entry.teamId,
      actorId: entry.actorId,
      ip: entry.ip,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId,
      details: JSON.parse(JSON.stringify(entry.details ?? {})),
    },
  });
}
