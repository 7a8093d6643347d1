import type { ServiceDeps } from '../context.ts';

export async function listDashboards({ prisma }: ServiceDeps, input: { teamId: string }) {
  const rows = await prisma.dashboard.findMany({
    where: { teamId: input.teamId },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, updatedAt: true, _count: { select: { panels: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    updatedAt: r.updatedAt,
    panelCount: r._count.panels,
  }));
}
