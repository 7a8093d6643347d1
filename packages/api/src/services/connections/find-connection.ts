import type { ConnectionModel as Connection } from '@velo/db';
import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';

/** The team's connection `id`; another team's connection is "not found" like a missing one. */
export async function findConnection(db: Db, teamId: string, id: string): Promise<Connection> {
  const connection = await db.connection.findFirst({ where: { id, teamId } });
  if (!connection)
    throw new AppError(
      'NOT_FOUND',
      'Connection not found; reload the page, it may have been deleted',
    );
  return connection;
}
