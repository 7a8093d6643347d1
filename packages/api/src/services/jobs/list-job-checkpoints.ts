import type { ServiceDeps } from '../context.ts';
import { findJob } from './find-job.ts';

export interface CheckpointView {
  id: string;
  epoch: number;
  runId: string;
  leaseEpoch: number;
  /** Source positions (per engine source id), as stored. */
  positions: unknown;
  sizeBytes: number;
  durationMs: number;
  recordsIn: string;
  createdAt: Date;
}

/** The job's kept checkpoints (the worker prunes older ones), newest first. */
export async function listJobCheckpoints(
  { prisma }: ServiceDeps,
  input: { teamId: string; id: string },
): Promise<CheckpointView[]> {
  const job = await findJob(prisma, input.teamId, input.id);
  const rows = await prisma.checkpoint.findMany({
    where: { jobId: job.id },
    orderBy: { epoch: 'desc' },
    take: 50,
    select: {
      id: true,
      epoch: true,
      runId: true,
      leaseEpoch: true,
      sourcePosition: true,
      sizeBytes: true,
      durationMs: true,
      recordsIn: true,
      createdAt: true,
    },
  });
  return rows.map((row) => ({
    id: row.id,
    epoch: row.epoch,
    runId: row.runId,
    leaseEpoch: row.leaseEpoch,
    positions: row.sourcePosition,
    sizeBytes: row.sizeBytes,
    durationMs: row.durationMs,
    recordsIn: row.recordsIn.toString(),
    createdAt: row.createdAt,
  }));
}
