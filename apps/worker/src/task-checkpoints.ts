/**
 * Checkpoints of the tasks of a parallel job: each task stores its own (Checkpoint.taskIndex),
 * fenced by its own lease (task 0: the Job row; others: their JobTask row), keeps its newest
 * `keep`, and restores its own latest. The write is checkpoint-store.ts's writeCheckpoint (or
 * writeCheckpointIn in a PostgreSQL sink's transaction) with the task's index in the writer.
 * Epochs stay unique per job (one sequence for all tasks), so writes of a job's tasks take a
 * transaction-scoped advisory lock on the job while they pick the next epoch.
 */
import type { PrismaClient } from '@velo/db';
import {
  decodeCheckpoint,
  loadRecentCheckpoints,
  type StoredCheckpoint,
} from './checkpoint-store.ts';

/** A task's checkpoint also says the parallelism it was taken with: only that one restores it. */
export interface TaskStoredCheckpoint extends StoredCheckpoint {
  taskCount?: number;
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
