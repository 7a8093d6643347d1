import { writeAudit } from '../audit/write-audit.ts';
import type { SecretDeps } from '../context.ts';
import { findConnection } from './find-connection.ts';
import { type ProbeResult, probeConnection, TEST_TIMEOUT_MS } from './probe-connection.ts';
import { openSecret } from './secret-box.ts';

/**
 * "Test connection": decrypts the stored secret (only here and in the worker), connects for
 * real (Postgres `SELECT 1`, Kafka cluster metadata) and records the outcome in the audit log.
 */
export async function testConnection(
  { prisma, keyring, actor }: SecretDeps,
  input: { teamId: string; id: string },
  timeoutMs = TEST_TIMEOUT_MS,
): Promise<ProbeResult> {
  const connection = await findConnection(prisma, input.teamId, input.id);
  let result: ProbeResult;
  try {
    const secret = openSecret(keyring, connection);
    result = await probeConnection(connection.type, connection.config, secret, timeoutMs);
  } catch {
    result = {
      ok: false,
      error: 'the stored secret cannot be decrypted with the configured VELO_SECRET_KEY',
      latencyMs: 0,
    };
  }
  await writeAudit(prisma, {
    teamId: input.teamId,
    actorId: actor.userId,
    ip: actor.ip,
    action: 'connection.test',
    objectType: 'connection',
    objectId: connection.id,
    details: { name: connection.name, ...result },
  });
  return result;
}
