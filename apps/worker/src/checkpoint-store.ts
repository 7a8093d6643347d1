/**
 * Checkpoints in PostgreSQL: the pipeline snapshot and source positions, deflated, written in
 * one transaction with a check of the writer's lease (fencing): a worker whose lease expired
 * or was taken over gets FencedError and writes nothing.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { PrismaClient } from '@velo/db';
import type { Checkpoint as RunCheckpoint } from '@velo/runtime';
import { DB_NOW } from './lease.ts';

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

/** Stores `checkpoint` if the writer still holds the job's lease; returns the stored epoch. */
export async function writeCheckpoint(
  prisma: PrismaClient,
  writer: CheckpointWriter,
  checkpoint: StoredCheckpoint,
  /** performance.now() when the checkpoint began (the stored duration runs to the insert). */
  startedAt: number,
): Promise<{ epoch: number; sizeBytes: number }> {
  const blob = encodeCheckpoint(checkpoint);
  return prisma.$transaction(async (tx) => {
    const held = await tx.$queryRawUnsafe<{ maxEpoch: number | null }[]>(
      `SELECT (SELECT max(epoch) FROM "Checkpoint" WHERE "jobId" = j.id) AS "maxEpoch"
         FROM "Job" j
        WHERE j.id = $1 AND j."ownerWorkerId" = $2 AND j."leaseEpoch" = $3
          AND j."leaseExpiresAt" > ${DB_NOW}
          FOR UPDATE OF j`,
      writer.jobId,
      writer.workerId,
      writer.leaseEpoch,
    );
    if (held.length === 0) {
      throw new FencedError(
        `lease of job ${writer.jobId} at epoch ${writer.leaseEpoch} is no longer held by ${writer.workerId}`,
      );
    }
    const epoch = (held[0].maxEpoch ?? 0) + 1;
    await tx.checkpoint.create({
      data: {
        jobId: writer.jobId,
        runId: writer.runId,
        epoch,
        leaseEpoch: writer.leaseEpoch,
        sourcePosition: JSON.parse(JSON.stringify(checkpoint.positions ?? {})),
        operatorState: undefined,
        stateBlob: new Uint8Array(blob),
        sizeBytes: blob.length,
        durationMs: Math.round(performance.now() - startedAt),
        recordsIn: BigInt(checkpoint.recordsIn ?? 0),
      },
    });
    await tx.checkpoint.deleteMany({
      where: { jobId: writer.jobId, epoch: { lte: epoch - writer.keep } },
    });
    return { epoch, sizeBytes: blob.length };
  });
}

/**
 * The job's newest checkpoints, newest first, among those written by runs that started after the
 * job's last "restart without state" (`stateResetAt`).
 */
export async function loadRecentCheckpoints(
  prisma: PrismaClient,
  jobId: string,
  limit: number,
): Promise<{ epoch: number; stateBlob: Uint8Array | null }[]> {
  return prisma.$queryRawUnsafe<{ epoch: number; stateBlob: Uint8Array | null }[]>(
    `SELECT c.epoch, c."stateBlob"
       FROM "Checkpoint" c
       JOIN "Job" j ON j.id = c."jobId"
       JOIN "JobRun" r ON r.id = c."runId"
      WHERE c."jobId" = $1
        AND (j."stateResetAt" IS NULL OR r."startedAt" > j."stateResetAt")
      ORDER BY c.epoch DESC
      LIMIT $2`,
    jobId,
    limit,
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
