/**
 * Checkpoints in PostgreSQL: the pipeline snapshot and source positions, deflated, written in
 * one transaction with a check of the writer's lease (fencing): a worker whose lease expired
 * or was taken over gets FencedError and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import type { PrismaClient } from '@velo/db';
import type { Checkpoint as RunCheckpoint } from '@velo/runtime';
import { DB_NOW } from './lease.ts';

/** How long a checkpoint's transaction may sit idle while it holds the Job row's lock. */
const CHECKPOINT_IDLE_MS = 5000;

export class FencedError extends Error {
  override name = 'FencedError';
}

export interface CheckpointWriter {
  jobId: string;
  runId: string;
  workerId: string;
  leaseEpoch: number;
  /** Checkpoints kept per job; older ones are deleted in the same transaction. */
  keep: number;
  /**
   * Set for the tasks of a parallel job (task-checkpoints.ts): the lease checked is the task's
   * (task 0: the Job row; others: their JobTask row), the row carries the index, and `keep`
   * counts that task's checkpoints.
   */
  taskIndex?: number;
}

/** What a stored checkpoint holds besides the run loop's own checkpoint. */
export interface StoredCheckpoint extends RunCheckpoint {
  /** The job version whose program produced `state`. */
  version: number;
  /** Byte length of each file sink at the checkpoint (truncated back to on restore). */
  sinkOffsets?: Record<string, number>;
  recordsIn?: number;
}

export function encodeCheckpoint(checkpoint: StoredCheckpoint): Buffer {
  return deflateSync(Buffer.from(JSON.stringify(checkpoint)));
}

export function decodeCheckpoint(blob: Uint8Array): StoredCheckpoint {
  return JSON.parse(inflateSync(blob).toString('utf8')) as StoredCheckpoint;
}

/**
 * Runs one SQL statement inside the caller's open transaction and returns its rows: Prisma's
 * interactive transaction, or the connection of a PostgreSQL sink whose output commits together
 * with the checkpoint (postgres-exactly-once.ts).
 */
export type CheckpointSql = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

/** Stores `checkpoint` if the writer still holds the job's lease; returns the stored epoch. */
export async function writeCheckpoint(
  prisma: PrismaClient,
  writer: CheckpointWriter,
  checkpoint: StoredCheckpoint,
  /** performance.now() when the checkpoint began (the stored duration runs to the insert). */
  startedAt: number,
): Promise<{ epoch: number; sizeBytes: number }> {
  return prisma.$transaction((tx) =>
    writeCheckpointIn(
      (text, values) => tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values),
      writer,
      checkpoint,
      startedAt,
    ),
  );
}

/**
 * The checkpoint write itself, in the caller's transaction: the lease check (the Job row locked
 * at the writer's epoch), the new row, the pruning of old ones. `schema` qualifies the tables
 * for a connection whose search_path is not Velo's.
 */
export async function writeCheckpointIn(
  sql: CheckpointSql,
  writer: CheckpointWriter,
  checkpoint: StoredCheckpoint,
  startedAt: number,
  schema?: string,
): Promise<{ epoch: number; sizeBytes: number }> {
  const blob = encodeCheckpoint(checkpoint);
  const prefix = schema ? `"${schema.replaceAll('"', '""')}".` : '';
  // The lease check locks the Job row until the commit: a writer paused in between (SIGSTOP, a
  // partition) loses its session after this long idle instead of blocking the takeover (claims
  // skip locked rows) for as long as it stays paused.
  await sql(`SET LOCAL idle_in_transaction_session_timeout = ${CHECKPOINT_IDLE_MS}`, []);
  const task = writer.taskIndex;
  // The tasks of a job share one epoch sequence: they pick the next epoch under a lock on the
  // job, taken before any row lock (the Checkpoint insert takes a key-share lock on the Job row,
  // which task 0's lease check holds FOR UPDATE; taking this lock later deadlocks).
  if (task !== undefined)
    await sql(`SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked`, [writer.jobId]);
  const maxEpoch = `(SELECT max(epoch) FROM ${prefix}"Checkpoint" WHERE "jobId" = $1) AS "maxEpoch"`;
  const held =
    task === undefined || task === 0
      ? await sql(
          `SELECT ${maxEpoch}
             FROM ${prefix}"Job" j
            WHERE j.id = $1 AND j."ownerWorkerId" = $2 AND j."leaseEpoch" = $3
              AND j."leaseExpiresAt" > ${DB_NOW}
              FOR UPDATE OF j`,
          [writer.jobId, writer.workerId, writer.leaseEpoch],
        )
      : await sql(
          `SELECT ${maxEpoch}
             FROM ${prefix}"JobTask" t
            WHERE t."jobId" = $1 AND t."taskIndex" = $4 AND t."ownerWorkerId" = $2
              AND t."leaseEpoch" = $3 AND t."leaseExpiresAt" > ${DB_NOW}
              FOR UPDATE OF t`,
          [writer.jobId, writer.workerId, writer.leaseEpoch, task],
        );
  if (held.length === 0) {
    throw new FencedError(
      task === undefined
        ? `lease of job ${writer.jobId} at epoch ${writer.leaseEpoch} is no longer held by ${writer.workerId}`
        : `lease of task ${task} of job ${writer.jobId} at epoch ${writer.leaseEpoch} is no longer held by ${writer.workerId}`,
    );
  }
  // a number through Prisma, text through a sink's connection (it reads every value as text)
  const epoch = Number(held[0].maxEpoch ?? 0) + 1;
  await sql(
    `INSERT INTO ${prefix}"Checkpoint"
       (id, "jobId", "runId", epoch, "leaseEpoch", "sourcePosition", "stateBlob", "sizeBytes",
        "durationMs", "recordsIn"${task === undefined ? '' : ', "taskIndex"'}, "createdAt")
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::bigint${task === undefined ? '' : ', $11'}, ${DB_NOW})`,
    [
      randomUUID(),
      writer.jobId,
      writer.runId,
      epoch,
      writer.leaseEpoch,
      JSON.stringify(checkpoint.positions ?? {}),
      blob,
      blob.length,
      Math.round(performance.now() - startedAt),
      String(checkpoint.recordsIn ?? 0),
      ...(task === undefined ? [] : [task]),
    ],
  );
  if (task === undefined) {
    await sql(`DELETE FROM ${prefix}"Checkpoint" WHERE "jobId" = $1 AND epoch <= $2`, [
      writer.jobId,
      epoch - writer.keep,
    ]);
  } else {
    // a task keeps its own newest `keep` (the epochs of the other tasks interleave)
    await sql(
      `DELETE FROM ${prefix}"Checkpoint" WHERE "jobId" = $1 AND "taskIndex" = $2 AND epoch IN (
         SELECT epoch FROM ${prefix}"Checkpoint" WHERE "jobId" = $1 AND "taskIndex" = $2
          ORDER BY epoch DESC OFFSET $3)`,
      [writer.jobId, task, writer.keep],
    );
  }
  return { epoch, sizeBytes: blob.length };
}

/**
 * The job's newest checkpoints, newest first, among those written by runs that started after the
 * job's last "restart without state" (`stateResetAt`); with `taskIndex`, that task's only (the
 * tasks of a parallel job each restore their own).
 */
export async function loadRecentCheckpoints(
  prisma: PrismaClient,
  jobId: string,
  limit: number,
  taskIndex?: number,
): Promise<{ epoch: number; stateBlob: Uint8Array | null }[]> {
  return prisma.$queryRawUnsafe<{ epoch: number; stateBlob: Uint8Array | null }[]>(
    `SELECT c.epoch, c."stateBlob"
       FROM "Checkpoint" c
       JOIN "Job" j ON j.id = c."jobId"
       JOIN "JobRun" r ON r.id = c."runId"
      WHERE c."jobId" = $1
        AND ($3::int IS NULL OR c."taskIndex" = $3::int)
        AND (j."stateResetAt" IS NULL OR r."startedAt" > j."stateResetAt")
      ORDER BY c.epoch DESC
      LIMIT $2`,
    jobId,
    limit,
    taskIndex ?? null,
  );
}

/** The newest checkpoint to resume from (see loadRecentCheckpoints), or null. */
export async function loadLatestCheckpoint(
  prisma: PrismaClient,
  jobId: string,
): Promise<{ epoch: number; checkpoint: StoredCheckpoint } | null> {
  const [row] = await loadRecentCheckpoints(prisma, jobId, 1);
  if (!row?.stateBlob) return null;
  return { epoch: row.epoch, checkpoint: decodeCheckpoint(row.stateBlob) };
}
