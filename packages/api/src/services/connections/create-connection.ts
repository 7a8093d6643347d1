import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { SecretDeps } from '../context.ts';
import { type ConnectionSettings, missingSecretProblem } from './connection-config.ts';
import { type ConnectionView, toConnectionView } from './connection-view.ts';
import { assertInsideFileRoot } from './file-root-check.ts';
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

  if (input.type === 'file') await assertInsideFileRoot(input.config.path);
  try {
    return await prisma.$transaction(async (tx) => {
      await assertNameFree(tx, input.teamId, input.name);
      let row = await tx.connection.create({
        data: {
          teamId: input.teamId,
          name: input.name,
          type: input.type,
          config: input.config,
          createdById: actor.userId,
          updatedById: actor.userId,
        },
      });
      // Sealed once the row exists: the envelope is bound to its team and connection id.
      const sealed = secret ? sealSecret(keyring, row, secret) : null;
      if (sealed) {
        row = await tx.connection.update({
          where: { id: row.id },
          data: { encryptedSecret: sealed.encryptedSecret, keyId: sealed.keyId },
        });
      }
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
