/**
 * Exactly-once Kafka → Kafka for jobs (DESIGN §7): a Kafka sink asked for `delivery=exactly_once`
 * (in its URI or in the statement's WITH) gets a transactional id derived from the job and the
 * task, so the worker that takes a job over fences the previous owner through the producer
 * epoch. At each checkpoint the run loop flushes the sink into its open transaction, the worker
 * stores the checkpoint (lease-fenced), then commits the transaction with the checkpoint's Kafka
 * offsets. On restore the newest checkpoint whose positions equal those committed offsets is the
 * one to resume from: a checkpoint stored just before a crash, whose transaction never
 * committed, is skipped (its output was aborted, so it is produced again from the one before).
 */
import {
  committedTransactionOffsets,
  KafkaSink,
  positionsCommitted,
  transactionOffsets,
} from '@velo/connectors';
import type { PrismaClient } from '@velo/db';
import { parse } from '@velo/engine';
import type { ResolvedConnection, Sink } from '@velo/runtime';
import {
  decodeCheckpoint,
  loadRecentCheckpoints,
  type StoredCheckpoint,
} from './checkpoint-store.ts';

/** Checkpoints looked at on restore (the one needed is at most one behind the newest). */
const CANDIDATES = 10;

function requested(uri: string, withOptions: { key: string; value: string }[]): boolean {
  const query = new URLSearchParams(uri.split('?')[1] ?? '');
  if (query.get('delivery') === 'exactly_once') return true;
  return withOptions.some(
    (o) => o.key.toLowerCase() === 'delivery' && o.value.toLowerCase() === 'exactly_once',
  );
}

/**
 * The exactly-once Kafka sinks of a job's SQL: INTO URI as written → the URI to open, with
 * `delivery=exactly_once` and `transactional.id=velo-<job>-t<task>-s<n>` (unless it sets one).
 */
export function exactlyOnceSinks(
  sql: string,
  jobId: string,
  /** Each task of a parallel job has its own transactional id (and producer-epoch fencing). */
  taskIndex = 0,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const st of parse(sql).statements) {
    const into = st.into?.uri;
    if (!into || !/^kafka:/i.test(into) || out.has(into) || !requested(into, st.with)) continue;
    const query = new URLSearchParams(into.split('?')[1] ?? '');
    const extra: string[] = [];
    if (query.get('delivery') !== 'exactly_once') extra.push('delivery=exactly_once');
    if (!query.has('transactional.id')) {
      extra.push(`transactional.id=velo-${jobId}-t${taskIndex}-s${out.size}`);
    }
    out.set(
      into,
      extra.length === 0 ? into : `${into}${into.includes('?') ? '&' : '?'}${extra.join('&')}`,
    );
  }
  return out;
}

/** After the checkpoint is stored: commits every exactly-once sink's transaction with its offsets. */
export async function commitExactlyOnce(
  sinks: Record<string, Sink>,
  positions: Record<string, unknown>,
): Promise<number> {
  const offsets = transactionOffsets(positions);
  let committed = 0;
  for (const sink of Object.values(sinks)) {
    if (sink instanceof KafkaSink && sink.transactionalId !== null) {
      await sink.commitTransaction(offsets);
      committed++;
    }
  }
  return committed;
}

export class ExactlyOnceRestoreError extends Error {
  override name = 'ExactlyOnceRestoreError';
}

/**
 * The checkpoint whose Kafka positions the exactly-once sinks' transactions committed (newest
 * first), or null when no transaction ever committed (start from the beginning: no output is
 * visible). Same "restart without state" rule as loadLatestCheckpoint.
 */
export async function loadExactlyOnceCheckpoint(
  prisma: PrismaClient,
  jobId: string,
  sinkUris: string[],
  resolve: (uri: string) => Promise<ResolvedConnection | undefined>,
  /** A task of a parallel job: its own checkpoints (absent: the job's, parallelism 1). */
  taskIndex?: number,
): Promise<{ epoch: number; checkpoint: StoredCheckpoint } | null> {
  const rows = await loadRecentCheckpoints(prisma, jobId, CANDIDATES, taskIndex);
  const candidates = rows
    .filter((r) => r.stateBlob)
    .map((r) => ({ epoch: r.epoch, checkpoint: decodeCheckpoint(r.stateBlob as Uint8Array) }));
  if (candidates.length === 0) return null;
  const topics = candidates.flatMap((c) =>
    transactionOffsets(c.checkpoint.positions).map((t) => t.topic),
  );
  // no Kafka source: nothing to match the transactions against (at-least-once, newest wins)
  if (topics.length === 0) return candidates[0];
  const committed = await Promise.all(
    sinkUris.map(async (uri) => committedTransactionOffsets(uri, topics, await resolve(uri))),
  );
  const match = candidates.find((c) =>
    committed.every((offsets) => positionsCommitted(c.checkpoint.positions, offsets)),
  );
  if (match) return match;
  if (committed.every((offsets) => [...offsets.values()].every((o) => o === '-1'))) return null;
  throw new ExactlyOnceRestoreError(
    `no stored checkpoint matches the offsets committed by the job's Kafka transactions (checkpoints ${candidates.map((c) => c.epoch).join(', ')}); restart the job without state`,
  );
}
