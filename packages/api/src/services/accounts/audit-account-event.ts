import type { Db } from '../../db.ts';
import { writeAudit } from '../audit/write-audit.ts';

/**
 * An account event (sign-in, failed sign-in, sign-up, sign-out, password change, session
 * revoked, account deleted, ...): not a team's, so `teamId` is null; the user reads them in
 * their account settings (`account.activity`).
 */
export async function auditAccountEvent(
  db: Db,
  event: {
    action: string;
    userId: string | null;
    ip: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await writeAudit(db, {
    teamId: null,
    actorId: event.userId,
    ip: event.ip,
    action: event.action,
    objectType: 'user',
    objectId: event.userId,
    details: event.details,
  });
}
