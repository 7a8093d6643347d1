import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';

/** A panel of one of the team's dashboards; anything else is "not found". */
export async function findPanel(db: Db, teamId: string, id: string) {
  const panel = await db.dashboardPanel.findFirst({
    where: { id, dashboard: { teamId } },
  });
  if (!panel) throw new AppError('NOT_FOUND', 'panel not found');
  return panel;
}
