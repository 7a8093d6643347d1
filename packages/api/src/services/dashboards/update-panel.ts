import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import type { PanelSpec } from './dashboard-panel.ts';
import { type DashboardView, dashboardView } from './dashboard-view.ts';
import { checkPanelJobs, findDashboard } from './find-dashboard.ts';
import { findPanel } from './find-panel.ts';

export async function updatePanel(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; id: string; panel: PanelSpec },
): Promise<DashboardView> {
  return prisma.$transaction(async (tx) => {
    const before = await findPanel(tx, input.teamId, input.id);
    await checkPanelJobs(tx, input.teamId, input.panel.jobIds);
    await tx.dashboardPanel.update({ where: { id: before.id }, data: input.panel });
    await tx.dashboard.update({
      where: { id: before.dashboardId },
      data: { updatedAt: new Date() },
    });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dashboard.updatePanel',
      objectType: 'dashboard',
      objectId: before.dashboardId,
      details: { panelId: before.id, title: input.panel.title, metric: input.panel.metric },
    });
    return dashboardView(await findDashboard(tx, input.teamId, before.dashboardId));
  });
}
