import type { ServiceDeps } from '../context.ts';
import { type ConnectionView, toConnectionViews } from './connection-view.ts';

export async function listConnections(
  { prisma }: ServiceDeps,
  input: { teamId: string },
): Promise<ConnectionView[]> {
  const rows = await prisma.connection.findMany({
    where: { teamId: input.teamId },
    orderBy: { name: 'asc' },
  });
  return toConnectionViews(prisma, rows);
}
