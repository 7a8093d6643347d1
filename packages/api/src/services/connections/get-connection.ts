import type { ServiceDeps } from '../context.ts';
import { type ConnectionView, toConnectionView } from './connection-view.ts';
import { findConnection } from './find-connection.ts';

export async function getConnection(
  { prisma }: ServiceDeps,
  input: { teamId: string; id: string },
): Promise<ConnectionView> {
  return toConnectionView(prisma, await findConnection(prisma, input.teamId, input.id));
}
