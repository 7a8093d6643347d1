import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { findDashboard } from './find-dashboard.ts';

export async function deleteDashboard(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; id: string },
): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
    const dashboard = await findDashboard(tx, input.teamId, input.id);
    await tx.dashboard.delete({ where: { id: dashboard.id } });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dashboard.delete',
      objectType: 'dashboard',
      objectId: dashboard.id,
      details: { name: dashboard.name, panels: dashboard.panels.length },
    });
    return { id: dashboard.id };
  });
}
