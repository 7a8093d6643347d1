import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { MAX_PANELS, type PanelSpec } from './dashboard-panel.ts';
import { type DashboardView, dashboardView } from './dashboard-view.ts';
import { checkPanelJobs, findDashboard } from './find-dashboard.ts';

/** Adds a panel at the end of the dashboard. */
export async function addPanel(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; dashboardId: string; panel: PanelSpec },
): Promise<DashboardView> {
  return prisma.$transaction(async (tx) => {
    // Row lock: two editors adding at once still get distinct positions.
    await tx.$queryRaw`SELECT id FROM "Dashboard" WHERE id = ${input.dashboardId} AND "teamId" = ${input.teamId} FOR UPDATE`;
    const dashboard = await findDashboard(tx, input.teamId, input.dashboardId);
    if (dashboard.panels.length >= MAX_PANELS) {
      throw new AppError('PRECONDITION_FAILED', `A dashboard holds at most ${MAX_PANELS} panels`);
    }
    await checkPanelJobs(tx, input.teamId, input.panel.jobIds);
    const position = dashboard.panels.reduce((max, p) => Math.max(max, p.position + 1), 0);
    const panel = await tx.dashboardPanel.create({
      data: { ...input.panel, dashboardId: dashboard.id, position },
    });
    await tx.dashboard.update({ where: { id: dashboard.id }, data: { updatedAt: new Date() } });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dashboard.addPanel',
      objectType: 'dashboard',
      objectId: dashboard.id,
      details: { panelId: panel.id, title: panel.title, metric: panel.metric },
    });
    return dashboardView(await findDashboard(tx, input.teamId, dashboard.id));
  });
}
