import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { findConnection } from './find-connection.ts';

export async function deleteConnection(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; id: string },
): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
    const connection = await findConnection(tx, input.teamId, input.id);
    await tx.connection.delete({ where: { id: connection.id } });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'connection.delete',
      objectType: 'connection',
      objectId: connection.id,
      details: { name: connection.name, type: connection.type },
    });
    return { id: connection.id };
  });
}
