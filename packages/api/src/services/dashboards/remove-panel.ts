import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { type DashboardView, dashboardView } from './dashboard-view.ts';
import { findDashboard } from './find-dashboard.ts';
import { findPanel } from './find-panel.ts';

export async function removePanel(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; id: string },
): Promise<DashboardView> {
  return prisma.$transaction(async (tx) => {
    const panel = await findPanel(tx, input.teamId, input.id);
    await tx.dashboardPanel.delete({ where: { id: panel.id } });
    await tx.dashboard.update({
      where: { id: panel.dashboardId },
      data: { updatedAt: new Date() },
    });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dashboard.removePanel',
      objectType: 'dashboard',
      objectId: panel.dashboardId,
      details: { panelId: panel.id, title: panel.title },
    });
    return dashboardView(await findDashboard(tx, input.teamId, panel.dashboardId));
  });
}
