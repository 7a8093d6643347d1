import { getEgressPolicy } from '../../env.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { SecretDeps } from '../context.ts';
import { findConnection } from './find-connection.ts';
import { type ProbeOptions, type ProbeResult, probeConnection } from './probe-connection.ts';
import { takeProbeToken } from './probe-rate-limit.ts';
import { recordTestResult } from './record-test-result.ts';
import { openSecret } from './secret-box.ts';

export const UNREADABLE_SECRET =
  'The stored secret cannot be decrypted with the configured VELO_SECRET_KEY; start the console with the key it was saved under (in VELO_SECRET_KEYS_OLD) or enter the secret again';

/**
 * "Test connection": decrypts the stored secret (only here and in the worker), connects for
 * real (Postgres `SELECT 1`, Kafka cluster metadata) under the egress policy, keeps the outcome
 * on the connection with its time and records it in the audit log. Rate-limited per user and team.
 */
export async function testConnection(
  { prisma, keyring, actor }: SecretDeps,
  input: { teamId: string; id: string },
  options: Partial<ProbeOptions> = {},
): Promise<ProbeResult> {
  const connection = await findConnection(prisma, input.teamId, input.id);
  takeProbeToken(actor.userId, input.teamId);
  let result: ProbeResult;
  let secret: Record<string, unknown> | null = null;
  let readable = true;
  try {
    secret = openSecret(keyring, connection);
  } catch {
    readable = false;
  }
  if (readable) {
    result = await probeConnection(connection.type, connection.config, secret, {
      policy: options.policy ?? getEgressPolicy(),
      timeoutMs: options.timeoutMs,
    });
  } else {
    result = { ok: false, error: UNREADABLE_SECRET, latencyMs: 0 };
  }
  await recordTestResult(prisma, connection.id, result);
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
