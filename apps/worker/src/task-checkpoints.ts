/**
 * Checkpoints of the tasks of a parallel job: each task stores its own (Checkpoint.taskIndex),
 * fenced by its own lease (task 0: the Job row; others: their JobTask row), keeps its newest
 * `keep`, and restores its own latest. A job of parallelism 1 uses checkpoint-store.ts as before.
 * Epochs stay unique per job (one sequence for all tasks), so writes of a job's tasks take a
 * transaction-scoped advisory lock on the job while they pick the next epoch.
 */
import type { PrismaClient } from '@velo/db';
import {
  type CheckpointWriter,
  decodeCheckpoint,
  loadRecentCheckpoints,
  type StoredCheckpoint,
  writeCheckpoint,
} from './checkpoint-store.ts';

/** A task's checkpoint also says the parallelism it was taken with: only that one restores it. */
export interface TaskStoredCheckpoint extends StoredCheckpoint {
  taskCount?: number;
}

export interface TaskCheckpointWriter extends CheckpointWriter {
  taskIndex: number;
}

/**
 * Stores a task's checkpoint if the task still holds its lease; returns the stored epoch. It is
 * checkpoint-store.ts's writeCheckpoint with the task's index (one lease-checked write for every
 * job: the same 5 s idle timeout of its transaction, the same fencing).
 */
export function writeTaskCheckpoint(
  prisma: PrismaClient,
  writer: TaskCheckpointWriter,
  checkpoint: StoredCheckpoint,
  startedAt: number,
): Promise<{ epoch: number; sizeBytes: number }> {
  return writeCheckpoint(prisma, writer, checkpoint, startedAt);
}

/** A task's newest checkpoint to resume from, or null. */
export async function loadLatestTaskCheckpoint(
  prisma: PrismaClient,
  jobId: string,
  taskIndex: number,
): Promise<{ epoch: number; checkpoint: StoredCheckpoint } | null> {
  const [row] = await loadRecentCheckpoints(prisma, jobId, 1, taskIndex);
  if (!row?.stateBlob) return null;
  return { epoch: row.epoch, checkpoint: decodeCheckpoint(row.stateBlob) };
}
