import { createSource } from '@velo/connectors';
import { type Column, type EngineRecord, encodeRecord, inferSchema } from '@velo/engine';
import type { Source } from '@velo/runtime';
import { getEgressPolicy } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { checkConnectionEgress } from '../connections/check-connection-egress.ts';
import type { SecretDeps } from '../context.ts';
import { resolveSourceUri } from './resolve-source-uri.ts';

export const SAMPLE_DEFAULT_LIMIT = 1000;
export const SAMPLE_MAX_LIMIT = 10_000;
export const SAMPLE_TIMEOUT_MS = 10_000;
const BATCH = 1000;

export interface SampleResult {
  /** Records in the engine's wire form (encodeRecord): exact decimals, typed values. */
  records: unknown[];
  columns: Column[];
  /** True when the source had more than `limit` records (or the time ran out first). */
  truncated: boolean;
  timedOut: boolean;
  /** Records the source could not decode (counted, not returned). */
  deadLetters: number;
  elapsedMs: number;
}

/** URI without secrets for the audit log: no userinfo, no password-like parameters. */
export function redactUri(uri: string): string {
  return uri
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*:[^@/]*@/i, '$1***@')
    .replace(/([?&][^=&#]*(?:password|secret|token)[^=&#]*=)[^&#]*/gi, '$1***');
}

function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | 'timeout'> {
  const left = deadline - Date.now();
  if (left <= 0) return Promise.resolve('timeout');
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), left);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Reads up to `limit` records of a saved connection's source for the editor's preview: the
 * source is opened as a table read (its own consumer group, no offsets committed, nothing
 * written), read until the limit, its current end or the time bound, then closed. With
 * `fromEnd`, the last `limit` records before the current end are kept. Audited.
 */
export async function sampleSource(
  {
    prisma,
    keyring,
    actor,
  }: Omit<SecretDeps, 'keyring'> & {
    keyring: SecretDeps['keyring'] | (() => SecretDeps['keyring']);
  },
  input: { teamId: string; uri: string; limit?: number; fromEnd?: boolean },
  timeoutMs = SAMPLE_TIMEOUT_MS,
  /** The audit action: the catalog's column sampling records itself as `catalog.columns`. */
  action = 'preview.sample',
): Promise<SampleResult> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const limit = Math.min(Math.max(1, input.limit ?? SAMPLE_DEFAULT_LIMIT), SAMPLE_MAX_LIMIT);
  const getKeyring = typeof keyring === 'function' ? keyring : () => keyring;
  const resolved = await resolveSourceUri(prisma, getKeyring, input.teamId, input.uri);

  let kept: EngineRecord[] = [];
  let truncated = false;
  let timedOut = false;
  let deadLetters = 0;
  let failure: string | null = null;
  let source: Source | undefined;
  try {
    // The egress policy: no preview of a link-local, metadata or (in production) loopback
    // endpoint, nor of a file outside VELO_FILE_ROOT.
    const policy = getEgressPolicy(); // also installs it for the connectors opened below
    if (resolved.connection) {
      await checkConnectionEgress(resolved.connection.type, resolved.connection.config, policy);
    }
    const opened = await withDeadline(
      createSource(resolved.uri, { connection: resolved.connection, asTable: true }),
      deadline,
    );
    if (opened === 'timeout') {
      timedOut = true;
    } else {
      source = opened;
      for (;;) {
        const batch = await withDeadline(source.readBatch(BATCH), deadline);
        if (batch === 'timeout') {
          timedOut = true;
          break;
        }
        deadLetters += batch.deadLetters.length;
        kept.push(...batch.records);
        if (input.fromEnd) {
          if (kept.length > limit) {
            kept = kept.slice(kept.length - limit);
            truncated = true;
          }
        } else if (kept.length >= limit) {
          truncated = kept.length > limit || !batch.done;
          kept = kept.slice(0, limit);
          break;
        }
        if (batch.done || batch.tableLoaded) break;
      }
    }
  } catch (error) {
    failure =
      error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : 'Unknown error';
  } finally {
    // A source that will not close in time is abandoned rather than holding the request.
    if (source) await withDeadline(source.close(), Date.now() + 2000).catch(() => undefined);
  }
  const elapsedMs = Date.now() - started;

  await writeAudit(prisma, {
    teamId: input.teamId,
    actorId: actor.userId,
    ip: actor.ip,
    action,
    objectType: resolved.connectionId ? 'connection' : 'source',
    objectId: resolved.connectionId,
    details: {
      uri: redactUri(input.uri),
      records: kept.length,
      limit,
      fromEnd: input.fromEnd === true,
      timedOut,
      ...(failure ? { error: redactUri(failure) } : {}),
    },
  });
  if (failure)
    throw new AppError(
      'PRECONDITION_FAILED',
      `Could not read ${redactUri(input.uri)}: ${redactUri(failure)}`,
    );
  return {
    records: kept.map(encodeRecord),
    columns: inferSchema(kept.slice(0, 500)).columns,
    truncated: truncated || timedOut,
    timedOut,
    deadLetters,
    elapsedMs,
  };
}
