import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { SecretDeps } from '../context.ts';
import { type ConnectionSettings, missingSecretProblem } from './connection-config.ts';
import { type ConnectionView, toConnectionView } from './connection-view.ts';
import { assertNameFree, isUniqueViolation, nameTakenError } from './name-taken.ts';
import { meaningfulSecret, sealSecret } from './secret-box.ts';

export type CreateConnectionInput = { teamId: string; name: string } & ConnectionSettings;

export async function createConnection(
  { prisma, keyring, actor }: SecretDeps,
  input: CreateConnectionInput,
): Promise<ConnectionView> {
  const secret = meaningfulSecret(input.secret as Record<string, unknown> | undefined);
  const missing = missingSecretProblem(input, false, secret);
  if (missing)
    throw new AppError('INVALID_INPUT', missing.message, { [missing.path]: [missing.message] });

  const sealed = secret ? sealSecret(keyring, secret) : null;
  try {
    return await prisma.$transaction(async (tx) => {
      await assertNameFree(tx, input.teamId, input.name);
      const row = await tx.connection.create({
        data: {
          teamId: input.teamId,
          name: input.name,
          type: input.type,
          config: input.config,
          encryptedSecret: sealed?.encryptedSecret ?? null,
          keyId: sealed?.keyId ?? null,
          createdById: actor.userId,
          updatedById: actor.userId,
        },
      });
      await writeAudit(tx, {
        teamId: input.teamId,
        actorId: actor.userId,
        ip: actor.ip,
        action: 'connection.create',
        objectType: 'connection',
        objectId: row.id,
        details: {
          name: row.name,
          type: row.type,
          config: input.config,
          hasSecret: Boolean(sealed),
        },
      });
      return toConnectionView(tx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTakenError(input.name);
    throw error;
  }
}
