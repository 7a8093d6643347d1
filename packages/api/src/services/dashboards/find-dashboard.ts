import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';

/** The team's dashboard `id` with its panels; another team's is "not found" like a missing one. */
export async function findDashboard(db: Db, teamId: string, id: string) {
  const dashboard = await db.dashboard.findFirst({
    where: { id, teamId },
    include: { panels: { orderBy: { position: 'asc' } } },
  });
  if (!dashboard) throw new AppError('NOT_FOUND', 'dashboard not found');
  return dashboard;
}

/** Every job a panel names must be one of the team's. */
export async function checkPanelJobs(db: Db, teamId: string, jobIds: string[]): Promise<void> {
  const found = await db.job.count({ where: { teamId, id: { in: jobIds } } });
  if (found !== new Set(jobIds).size) throw new AppError('NOT_FOUND', 'job not found');
}

export function isNameTaken(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'P2002';
}
