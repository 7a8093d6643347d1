import type { JobState } from '@velo/db';
import type { ServiceDeps } from '../context.ts';
import { findJob } from './find-job.ts';

export interface JobRunView {
  id: string;
  version: number;
  workerId: string;
  leaseEpoch: number;
  /** The run's current state; its final state once it ended. */
  state: JobState;
  attempt: number;
  /** Which task of a parallel job ran (0 for a job of parallelism 1). */
  taskIndex: number;
  restoredCheckpointEpoch: number | null;
  startedAt: Date;
  endedAt: Date | null;
  finalState: JobState | null;
  error: string | null;
}

/** The job's runs (one per claim by a worker), newest first, at most `limit`. */
export async function listJobRuns(
  { prisma }: ServiceDeps,
  input: { teamId: string; id: string; limit?: number },
): Promise<JobRunView[]> {
  const job = await findJob(prisma, input.teamId, input.id);
  const rows = await prisma.jobRun.findMany({
    where: { jobId: job.id },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: input.limit ?? 50,
  });
  return rows.map((row) => ({
    id: row.id,
    version: row.version,
    workerId: row.workerId,
    leaseEpoch: row.leaseEpoch,
    state: row.finalState ?? row.state,
    attempt: row.attempt,
    taskIndex: row.taskIndex,
    restoredCheckpointEpoch: row.restoredCheckpointEpoch,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    finalState: row.finalState,
    error: row.error,
  }));
}
