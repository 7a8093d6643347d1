import type { PrismaClient } from '@velo/db';
import { logServerError } from '../../log.ts';
import type { Actor } from '../context.ts';
import { writeAudit } from './write-audit.ts';

/**
 * A signed-in caller refused by the role check (`call.refuse`): in the team's log when they are a
 * member below the role needed; without a team (for operators) when they are not a member of
 * the team they named, which may not exist. Never fails the request it records.
 */
export async function auditRefusedCall(
  prisma: PrismaClient,
  actor: Actor,
  call: { path: string; teamId: string | null; asked?: string; role?: string; needed?: string },
): Promise<void> {
  await writeAudit(prisma, {
    teamId: call.teamId,
    actorId: actor.userId,
    ip: actor.ip,
    action: 'call.refuse',
    objectType: 'procedure',
    objectId: call.path,
    details: {
      ...(call.asked ? { teamId: call.asked.slice(0, 64) } : {}),
      ...(call.role ? { role: call.role, needed: call.needed } : {}),
    },
  }).catch((error: unknown) => logServerError('auditing a refused call', error));
}
