import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { SecretDeps } from '../context.ts';
import {
  CONFIG_SCHEMAS,
  type ConnectionTypeName,
  missingSecretProblem,
  SECRET_SCHEMAS,
} from './connection-config.ts';
import { type ConnectionView, toConnectionView } from './connection-view.ts';
import { secretBoundChanges } from './endpoint-change.ts';
import { assertInsideFileRoot } from './file-root-check.ts';
import { findConnection } from './find-connection.ts';
import { assertNameFree, isUniqueViolation, nameTakenError } from './name-taken.ts';
import { meaningfulSecret, sealSecret } from './secret-box.ts';

export interface UpdateConnectionInput {
  teamId: string;
  id: string;
  name?: string;
  /** The whole new config for the connection's type; omitted keeps the stored one. */
  config?: unknown;
  /**
   * Omitted keeps the stored secret, unless the settings it was given for change (then it is
   * cleared); null clears it; an object replaces it.
   */
  secret?: unknown;
}

function invalid(prefix: string, issues: { path: PropertyKey[]; message: string }[]): AppError {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].join('.');
    fieldErrors[path] = [...(fieldErrors[path] ?? []), issue.message];
  }
  return new AppError('INVALID_INPUT', issues[0]?.message ?? 'Invalid input', fieldErrors);
}

/** Validates `config`/`secret` against the stored connection's type (it cannot change). */
function parseChanges(type: ConnectionTypeName, input: UpdateConnectionInput) {
  let config: Record<string, unknown> | undefined;
  if (input.config !== undefined) {
    const parsed = CONFIG_SCHEMAS[type].safeParse(input.config);
    if (!parsed.success) throw invalid('config', parsed.error.issues);
    config = parsed.data as Record<string, unknown>;
  }
  let secret: Record<string, unknown> | null | undefined;
  if (input.secret === null) secret = null;
  else if (input.secret !== undefined) {
    const schema = SECRET_SCHEMAS[type];
    if (!schema) {
      const message = `${type} connections take no secret`;
      throw new AppError('INVALID_INPUT', message, { secret: [message] });
    }
    const parsed = schema.safeParse(input.secret);
    if (!parsed.success) throw invalid('secret', parsed.error.issues);
    secret = meaningfulSecret(parsed.data);
  }
  return { config, secret };
}

export async function updateConnection(
  { prisma, keyring, actor }: SecretDeps,
  input: UpdateConnectionInput,
): Promise<ConnectionView> {
  try {
    return await prisma.$transaction(async (tx) => {
      const current = await findConnection(tx, input.teamId, input.id);
      const parsedChanges = parseChanges(current.type, input);
      const { config } = parsedChanges;
      let { secret } = parsedChanges;
      // A secret never follows its connection to another host, user or TLS setting: an ADMIN
      // could otherwise repoint it at their own server and read it there with "Test".
      const moved = config ? secretBoundChanges(current.type, current.config, config) : [];
      const secretDropped =
        moved.length > 0 && secret === undefined && current.encryptedSecret !== null;
      if (secretDropped) secret = null;
      const keepsSecret = secret === undefined && current.encryptedSecret !== null;
      const missing = missingSecretProblem(
        { type: current.type, config: config ?? current.config },
        keepsSecret,
        secret,
      );
      if (missing) {
        throw new AppError('INVALID_INPUT', missing.message, { [missing.path]: [missing.message] });
      }
      const name = input.name ?? current.name;
      if (name !== current.name) await assertNameFree(tx, input.teamId, name, current.id);

      if (current.type === 'file' && config) await assertInsideFileRoot(String(config.path));

      const sealed = secret ? sealSecret(keyring, current, secret) : secret;
      const changed: string[] = [];
      if (name !== current.name) changed.push('name');
      const configChanged = config && JSON.stringify(config) !== JSON.stringify(current.config);
      if (configChanged) changed.push('config');
      if (secretDropped) changed.push(`secret cleared (${moved.join(', ')} changed)`);
      else if (secret !== undefined) changed.push(secret === null ? 'secret cleared' : 'secret');

      const row = await tx.connection.update({
        where: { id: current.id },
        data: {
          name,
          ...(config ? { config: config as object } : {}),
          ...(sealed === undefined
            ? {}
            : { encryptedSecret: sealed?.encryptedSecret ?? null, keyId: sealed?.keyId ?? null }),
          // The last test result described the old settings.
          ...(configChanged || secret !== undefined
            ? { lastTestAt: null, lastTestOk: null, lastTestError: null, lastTestLatencyMs: null }
            : {}),
          updatedById: actor.userId,
        },
      });
      await writeAudit(tx, {
        teamId: input.teamId,
        actorId: actor.userId,
        ip: actor.ip,
        action: 'connection.update',
        objectType: 'connection',
        objectId: row.id,
        details: {
          name: row.name,
          ...(name !== current.name ? { previousName: current.name } : {}),
          changed,
          ...(config ? { config } : {}),
        },
      });
      return toConnectionView(tx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTakenError(input.name ?? '');
    throw error;
  }
}
