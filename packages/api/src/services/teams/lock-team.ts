import type { TransactionClient } from '../../db.ts';

/**
 * Serialises membership changes of one team (row lock on the team), so two owners demoting
 * each other at once cannot leave the team without an owner.
 */
export async function lockTeam(tx: TransactionClient, teamId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${teamId} FOR UPDATE`;
}

export async function countOwners(tx: TransactionClient, teamId: string): Promise<number> {
  return tx.membership.count({ where: { teamId, role: 'OWNER' } });
}
