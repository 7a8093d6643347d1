import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { type DashboardView, dashboardView } from './dashboard-view.ts';
import { findDashboard } from './find-dashboard.ts';

/**
 * Puts the dashboard's panels in the order given. The list must name every panel exactly
 * once, so an editor working on a stale copy (a panel added or removed meanwhile) is told to
 * reload instead of silently dropping or misplacing panels.
 */
export async function arrangePanels(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; dashboardId: string; panelIds: string[] },
): Promise<DashboardView> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Dashboard" WHERE id = ${input.dashboardId} AND "teamId" = ${input.teamId} FOR UPDATE`;
    const dashboard = await findDashboard(tx, input.teamId, input.dashboardId);
    const current = dashboard.panels.map((p) => p.id).sort();
    const asked = [...input.panelIds].sort();
    if (current.length !== asked.length || current.some((id, i) => id !== asked[i])) {
      throw new AppError(
        'CONFLICT',
        'The dashboard changed since it was loaded; reload it and arrange again',
      );
    }
    for (const [position, id] of input.panelIds.entries()) {
      await tx.dashboardPanel.update({ where: { id }, data: { position } });
    }
    await tx.dashboard.update({ where: { id: dashboard.id }, data: { updatedAt: new Date() } });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dashboard.arrangePanels',
      objectType: 'dashboard',
      objectId: dashboard.id,
      details: { order: input.panelIds },
    });
    return dashboardView(await findDashboard(tx, input.teamId, dashboard.id));
  });
}
