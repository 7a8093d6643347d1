/**
 * Checkpoints of the tasks of a parallel job: each task stores its own (Checkpoint.taskIndex),
 * fenced by its own lease (task 0: the Job row; others: their JobTask row), keeps its newest
 * `keep`, and restores its own latest. A job of parallelism 1 uses checkpoint-store.ts as before.
 * Epochs stay unique per job (one sequence for all tasks), so writes of a job's tasks take a
 * transaction-scoped advisory lock on the job while they pick the next epoch.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@velo/db';
import {
  type CheckpointWriter,
  decodeCheckpoint,
  encodeCheckpoint,
  FencedError,
  type StoredCheckpoint,
} from './checkpoint-store.ts';
import { DB_NOW } from './lease.ts';

/** A task's checkpoint also says the parallelism it was taken with: only that one restores it. */
export interface TaskStoredCheckpoint extends StoredCheckpoint {
  taskCount?: number;
}

export interface TaskCheckpointWriter extends CheckpointWriter {
  taskIndex: number;
}

/** Stores a task's checkpoint if the task still holds its lease; returns the stored epoch. */
export async function writeTaskCheckpoint(
  prisma: PrismaClient,
  writer: TaskCheckpointWriter,
  checkpoint: StoredCheckpoint,
  startedAt: number,
): Promise<{ epoch: number; sizeBytes: number }> {
  const blob = encodeCheckpoint(checkpoint);
  return prisma.$transaction(async (tx) => {
    // First, before any row lock: the Checkpoint insert takes a key-share lock on the Job row,
    // which task 0's lease check holds FOR UPDATE (taking this lock later deadlocks).
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, writer.jobId);
    const held =
      writer.taskIndex === 0
        ? await tx.$queryRawUnsafe<unknown[]>(
            `SELECT 1 FROM "Job" j
              WHERE j.id = $1 AND j."ownerWorkerId" = $2 AND j."leaseEpoch" = $3
                AND j."leaseExpiresAt" > ${DB_NOW}
                FOR UPDATE OF j`,
            writer.jobId,
            writer.workerId,
            writer.leaseEpoch,
          )
        : await tx.$queryRawUnsafe<unknown[]>(
            `SELECT 1 FROM "JobTask" t
              WHERE t."jobId" = $1 AND t."taskIndex" = $4 AND t."ownerWorkerId" = $2
                AND t."leaseEpoch" = $3 AND t."leaseExpiresAt" > ${DB_NOW}
                FOR UPDATE OF t`,
            writer.jobId,
            writer.workerId,
            writer.leaseEpoch,
            writer.taskIndex,
          );
    if (held.length === 0) {
      throw new FencedError(
        `lease of task ${writer.taskIndex} of job ${writer.jobId} at epoch ${writer.leaseEpoch} is no longer held by ${writer.workerId}`,
      );
    }
    const [{ maxEpoch }] = await tx.$queryRawUnsafe<{ maxEpoch: number | null }[]>(
      `SELECT max(epoch) AS "maxEpoch" FROM "Checkpoint" WHERE "jobId" = $1`,
      writer.jobId,
    );
    const epoch = Number(maxEpoch ?? 0) + 1;
    await tx.$executeRawUnsafe(
      `INSERT INTO "Checkpoint"
         (id, "jobId", "runId", epoch, "leaseEpoch", "sourcePosition", "stateBlob", "sizeBytes",
          "durationMs", "recordsIn", "taskIndex", "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::bigint, $11, ${DB_NOW})`,
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
      writer.taskIndex,
    );
    // keep this task's newest `keep`
    await tx.$executeRawUnsafe(
      `DELETE FROM "Checkpoint" WHERE "jobId" = $1 AND "taskIndex" = $2 AND epoch IN (
         SELECT epoch FROM "Checkpoint" WHERE "jobId" = $1 AND "taskIndex" = $2
          ORDER BY epoch DESC OFFSET $3)`,
      writer.jobId,
      writer.taskIndex,
      writer.keep,
    );
    return { epoch, sizeBytes: blob.length };
  });
}

/**
 * A task's newest checkpoints, newest first, written by runs that started after the job's last
 * "restart without state" (the rule of checkpoint-store.ts's loadRecentCheckpoints).
 */
export async function loadRecentTaskCheckpoints(
  prisma: PrismaClient,
  jobId: string,
  taskIndex: number,
  limit: number,
): Promise<{ epoch: number; stateBlob: Uint8Array | null }[]> {
  return prisma.$queryRawUnsafe<{ epoch: number; stateBlob: Uint8Array | null }[]>(
    `SELECT c.epoch, c."stateBlob"
       FROM "Checkpoint" c
       JOIN "Job" j ON j.id = c."jobId"
       JOIN "JobRun" r ON r.id = c."runId"
      WHERE c."jobId" = $1 AND c."taskIndex" = $2
        AND (j."stateResetAt" IS NULL OR r."startedAt" > j."stateResetAt")
      ORDER BY c.epoch DESC
      LIMIT $3`,
    jobId,
    taskIndex,
    limit,
  );
}

/** A task's newest checkpoint to resume from, or null. */
export async function loadLatestTaskCheckpoint(
  prisma: PrismaClient,
  jobId: string,
  taskIndex: number,
): Promise<{ epoch: number; checkpoint: StoredCheckpoint } | null> {
  const [row] = await loadRecentTaskCheckpoints(prisma, jobId, taskIndex, 1);
  if (!row?.stateBlob) return null;
  return { epoch: row.epoch, checkpoint: decodeCheckpoint(row.stateBlob) };
}
