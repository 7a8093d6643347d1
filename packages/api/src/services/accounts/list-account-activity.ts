import type { ServiceDeps } from '../context.ts';

export interface AccountEvent {
  id: string;
  action: string;
  ip: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** The user's own account events (sign-ins, failed sign-ins, password changes, ...), newest first. */
export async function listAccountActivity(
  { prisma }: ServiceDeps,
  input: { userId: string; limit: number },
): Promise<AccountEvent[]> {
  const rows = await prisma.auditLog.findMany({
    where: { teamId: null, objectType: 'user', objectId: input.userId },
    orderBy: { id: 'desc' },
    take: input.limit,
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    action: row.action,
    ip: row.ip,
    details: (row.details ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt,
  }));
}
