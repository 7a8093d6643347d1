import { getEgressPolicy } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { SecretDeps } from '../context.ts';
import { CONFIG_SCHEMAS, type ConnectionTypeName, SECRET_SCHEMAS } from './connection-config.ts';
import { secretBoundChanges } from './endpoint-change.ts';
import { findConnection } from './find-connection.ts';
import { type ProbeOptions, type ProbeResult, probeConnection } from './probe-connection.ts';
import { takeProbeToken } from './probe-rate-limit.ts';
import { meaningfulSecret, openSecret } from './secret-box.ts';
import { UNREADABLE_SECRET } from './test-connection.ts';

export interface TestDraftInput {
  teamId: string;
  /** The connection being edited, when the form edits one; its stored secret may be reused. */
  id?: string;
  type: ConnectionTypeName;
  config: unknown;
  /** The secret typed into the form; omitted: the stored one, if the endpoint is unchanged. */
  secret?: unknown;
}

/**
 * "Test" in the create and edit forms: probes settings that are not saved (yet). The stored
 * secret of the edited connection is used only while every setting it was given for (host,
 * port, user, brokers, SSL, ...) is unchanged; otherwise the secret must be typed again.
 * Nothing is stored; the attempt is audited (without the secret).
 */
export async function testConnectionDraft(
  { prisma, keyring, actor }: SecretDeps,
  input: TestDraftInput,
  options: Partial<ProbeOptions> = {},
): Promise<ProbeResult> {
  const stored = input.id ? await findConnection(prisma, input.teamId, input.id) : null;
  if (stored && stored.type !== input.type) {
    const message = 'The type of a saved connection cannot change';
    throw new AppError('INVALID_INPUT', message, { type: [message] });
  }
  const config = CONFIG_SCHEMAS[input.type].safeParse(input.config);
  if (!config.success) {
    const first = config.error.issues[0];
    const path = ['config', ...(first?.path ?? []).map(String)].join('.');
    throw new AppError('INVALID_INPUT', first?.message ?? 'Invalid settings', {
      [path]: [first?.message ?? 'Invalid settings'],
    });
  }
  let secret: Record<string, unknown> | null = null;
  if (input.secret !== undefined && input.secret !== null) {
    const schema = SECRET_SCHEMAS[input.type];
    const parsed = schema?.safeParse(input.secret);
    if (!schema || !parsed?.success) {
      const message =
        parsed?.error?.issues[0]?.message ?? `${input.type} connections take no secret`;
      throw new AppError('INVALID_INPUT', message, { secret: [message] });
    }
    secret = meaningfulSecret(parsed.data);
  }
  takeProbeToken(actor.userId, input.teamId);

  let result: ProbeResult | undefined;
  if (
    !secret &&
    stored &&
    secretBoundChanges(input.type, stored.config, config.data).length === 0
  ) {
    try {
      secret = openSecret(keyring, stored);
    } catch {
      result = { ok: false, error: UNREADABLE_SECRET, latencyMs: 0 };
    }
  }
  result ??= await probeConnection(input.type, config.data, secret, {
    policy: options.policy ?? getEgressPolicy(),
    timeoutMs: options.timeoutMs,
  });
  await writeAudit(prisma, {
    teamId: input.teamId,
    actorId: actor.userId,
    ip: actor.ip,
    action: 'connection.testDraft',
    objectType: 'connection',
    objectId: stored?.id ?? null,
    details: { type: input.type, config: config.data, ...result },
  });
  return result;
}
