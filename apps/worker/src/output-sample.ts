/**
 * The live tail of a job's output (job.outputSample in the console): a ring of the last records
 * per output, written to JobOutputSample every second and pruned to the same bound there — per
 * task of a parallel job, each sampling its own share, so the tail shows every task's records. A
 * sample works for every sink type and needs no sink credentials in the console. Values are
 * stored as their SQL type and the engine's exact text, so decimals stay exact. Nothing here may
 * stop a job: a failed write is logged and the next flush tries again with newer records.
 */
import type { PrismaClient } from '@velo/db';
import { type EngineRecord, typeOfValue, valueToText } from '@velo/engine';
import type { RunOutput } from '@velo/runtime';
import type { Logger } from 'pino';

/** Records kept per output, in the ring and in the table. */
export const OUTPUT_SAMPLE_ROWS = 50;
export const OUTPUT_SAMPLE_FLUSH_MS = 1000;

/** A type alias, not an interface: Prisma's JSON input needs the implicit index signature. */
export type SampleCell = { t: string; v: string };

export interface SampledRecord {
  sink: string;
  columns: string[];
  cells: SampleCell[];
}

interface Taken {
  columns: string[];
  record: EngineRecord;
}

/** The last `size` records per output and how many of them were not yet taken. */
export class OutputRing {
  private readonly rings = new Map<string, { items: Taken[]; fresh: number }>();

  constructor(private readonly size = OUTPUT_SAMPLE_ROWS) {}

  /** Cheap per batch: keeps references to at most `size` records per output. */
  add(output: RunOutput): void {
    if (output.records.length === 0) return;
    let ring = this.rings.get(output.sink);
    if (!ring) {
      ring = { items: [], fresh: 0 };
      this.rings.set(output.sink, ring);
    }
    const newest = output.records.slice(-this.size);
    ring.items.push(...newest.map((record) => ({ columns: output.columns, record })));
    if (ring.items.length > this.size) ring.items.splice(0, ring.items.length - this.size);
    ring.fresh = Math.min(this.size, ring.fresh + newest.length);
  }

  /** The records added since the last take, oldest first, as text cells. */
  take(): SampledRecord[] {
    const out: SampledRecord[] = [];
    for (const [sink, ring] of this.rings) {
      for (const { columns, record } of ring.items.slice(ring.items.length - ring.fresh)) {
        out.push({ sink, columns, cells: columns.map((c) => toSampleCell(record, c)) });
      }
      ring.fresh = 0;
    }
    return out;
  }
}

function toSampleCell(record: EngineRecord, column: string): SampleCell {
  const value = record.fields[column] ?? null;
  return { t: typeOfValue(value), v: valueToText(value) };
}

/** One job's sampler: add() per output batch, flushed on a timer, closed with the run. */
export class OutputSampler {
  private readonly ring: OutputRing;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private failed = false;

  constructor(
    private readonly deps: {
      prisma: PrismaClient;
      logger: Logger;
      jobId: string;
      taskIndex: number;
    },
    private readonly rows = OUTPUT_SAMPLE_ROWS,
    flushMs = OUTPUT_SAMPLE_FLUSH_MS,
  ) {
    this.ring = new OutputRing(rows);
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  add(output: RunOutput): void {
    this.ring.add(output);
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    const records = this.ring.take();
    if (records.length === 0) return;
    const { prisma, jobId, taskIndex } = this.deps;
    try {
      await prisma.jobOutputSample.createMany({
        data: records.map((r) => ({
          jobId,
          taskIndex,
          sink: r.sink,
          columns: r.columns,
          cells: r.cells,
        })),
      });
      for (const sink of new Set(records.map((r) => r.sink))) {
        // Bounded per job, output and task: everything older than the newest `rows` goes.
        await prisma.$executeRaw`DELETE FROM "JobOutputSample"
          WHERE "jobId" = ${jobId} AND "sink" = ${sink} AND "taskIndex" = ${taskIndex}
            AND "seq" <= (
              SELECT "seq" FROM "JobOutputSample"
               WHERE "jobId" = ${jobId} AND "sink" = ${sink} AND "taskIndex" = ${taskIndex}
               ORDER BY "seq" DESC OFFSET ${this.rows} LIMIT 1)`;
      }
      this.failed = false;
    } catch (error) {
      // Logged once per outage, not once per second.
      if (!this.failed) this.deps.logger.warn({ err: error, jobId }, 'output sample not stored');
      this.failed = true;
    }
  }
}
