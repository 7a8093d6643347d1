import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { type DashboardView, dashboardView } from './dashboard-view.ts';
import { isNameTaken } from './find-dashboard.ts';

export async function createDashboard(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; name: string },
): Promise<DashboardView> {
  try {
    return await prisma.$transaction(async (tx) => {
      const dashboard = await tx.dashboard.create({
        data: { teamId: input.teamId, name: input.name, createdById: actor.userId },
        include: { panels: true },
      });
      await writeAudit(tx, {
        teamId: input.teamId,
        actorId: actor.userId,
        ip: actor.ip,
        action: 'dashboard.create',
        objectType: 'dashboard',
        objectId: dashboard.id,
        details: { name: dashboard.name },
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
