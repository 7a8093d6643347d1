import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';

export function nameTakenError(name: string): AppError {
  return new AppError(
    'CONFLICT',
    `A connection named ${name} already exists; choose another name`,
    {
      name: [`A connection named ${name} already exists; choose another name`],
    },
  );
}

/** Throws CONFLICT when the team already has another connection called `name`. */
export async function assertNameFree(
  db: Db,
  teamId: string,
  name: string,
  exceptId?: string,
): Promise<void> {
  const clash = await db.connection.findFirst({
    where: { teamId, name, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw nameTakenError(name);
}

/** Prisma's unique-violation code: a concurrent request took the name after our check. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}
