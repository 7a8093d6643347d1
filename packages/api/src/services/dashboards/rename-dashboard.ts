import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { type DashboardView, dashboardView } from './dashboard-view.ts';
import { findDashboard, isNameTaken } from './find-dashboard.ts';

export async function renameDashboard(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; id: string; name: string },
): Promise<DashboardView> {
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await findDashboard(tx, input.teamId, input.id);
      const dashboard = await tx.dashboard.update({
        where: { id: before.id },
        data: { name: input.name },
        include: { panels: true },
      });
      await writeAudit(tx, {
        teamId: input.teamId,
        actorId: actor.userId,
        ip: actor.ip,
        action: 'dashboard.rename',
        objectType: 'dashboard',
        objectId: dashboard.id,
        details: { from: before.name, to: dashboard.name },
      });
      return dashboardView(dashboard);
    });
  } catch (error) {
    if (isNameTaken(error)) {
      throw new AppError('CONFLICT', `A dashboard named "${input.name}" already exists`);
    }
    throw error;
  }
}
