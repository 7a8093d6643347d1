import type { ServiceDeps } from '../context.ts';
import { type DashboardView, dashboardView } from './dashboard-view.ts';
import { findDashboard } from './find-dashboard.ts';

export async function getDashboard(
  { prisma }: ServiceDeps,
  input: { teamId: string; id: string },
): Promise<DashboardView> {
  return dashboardView(await findDashboard(prisma, input.teamId, input.id));
}
