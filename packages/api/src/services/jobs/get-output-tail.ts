import type { ServiceDeps } from '../context.ts';
import { findJob } from './find-job.ts';

/** Most records one call returns (the worker keeps 50 per output; several outputs add up). */
export const OUTPUT_TAIL_MAX = 200;

export interface OutputTailCell {
  /** SQL type, as the engine names it (DECIMAL, INTEGER, TIMESTAMP, …). */
  t: string;
  /** The engine's exact text of the value (a DECIMAL keeps its digits and scale). */
  v: string;
}

export interface OutputTailRecord {
  seq: string;
  sink: string;
  columns: string[];
  cells: OutputTailCell[];
  emittedAt: Date;
}

/**
 * The live tail of a job's output: the newest sampled records (apps/worker/src/output-sample.ts),
 * oldest first, of one output or all; `afterSeq` returns only records newer than one already
 * shown, so a following console asks for the difference. `sinks` lists every sampled output.
 */
export async function getOutputTail(
  { prisma }: ServiceDeps,
  input: { teamId: string; id: string; sink?: string; afterSeq?: string },
): Promise<{ sinks: string[]; records: OutputTailRecord[] }> {
  const job = await findJob(prisma, input.teamId, input.id);
  const [sinks, rows] = await Promise.all([
    prisma.jobOutputSample.findMany({
      where: { jobId: job.id },
      distinct: ['sink'],
      select: { sink: true },
      orderBy: { sink: 'asc' },
    }),
    prisma.jobOutputSample.findMany({
      where: {
        jobId: job.id,
        ...(input.sink !== undefined ? { sink: input.sink } : {}),
        ...(input.afterSeq !== undefined ? { seq: { gt: BigInt(input.afterSeq) } } : {}),
      },
      orderBy: { seq: 'desc' },
      take: OUTPUT_TAIL_MAX,
    }),
  ]);
  return {
    sinks: sinks.map((s) => s.sink),
    records: rows.reverse().map((row) => ({
      seq: row.seq.toString(),
      sink: row.sink,
      columns: row.columns as string[],
      cells: row.cells as unknown as OutputTailCell[],
      emittedAt: row.emittedAt,
    })),
  };
}
