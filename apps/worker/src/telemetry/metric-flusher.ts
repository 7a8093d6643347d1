/**
 * Writes the running jobs' buffered seconds to PostgreSQL every few seconds (one statement
 * per job and flush) and applies the store's retention every few minutes. Any worker may
 * prune: the statements are idempotent. A failed write keeps nothing back from the job; the
 * seconds of that flush are lost from the charts. Failures that repeat (a database outage) are
 * logged once, then once a minute, then "recovered" (failure-log.ts).
 */
import { type MetricMinuteBuffer, pruneMetrics, writeMetricMinutes } from '@velo/api/worker';
import type { PrismaClient } from '@velo/db';
import type { Logger } from 'pino';
import { FailureLog } from '../failure-log.ts';

export interface MetricFlusherOptions {
  prisma: PrismaClient;
  logger: Logger;
  flushMs?: number;
  pruneMs?: number;
  now?: () => number;
}

export class MetricFlusher {
  /** By run (a job's id, or `<job id>/t<task>` for tasks 1..N-1 of a parallel job). */
  private readonly buffers = new Map<string, { jobId: string; buffer: MetricMinuteBuffer }>();
  private flushTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  private readonly failures: FailureLog;

  constructor(private readonly options: MetricFlusherOptions) {
    this.failures = new FailureLog(options.logger, 'metric flush', { level: 'warn' });
  }

  start(): void {
    this.flushTimer = setInterval(() => void this.flush(), this.options.flushMs ?? 5000);
    this.pruneTimer = setInterval(() => void this.prune(), this.options.pruneMs ?? 10 * 60_000);
    this.flushTimer.unref();
    this.pruneTimer.unref();
  }

  /**
   * Starts flushing a run's buffer into the series of `jobId`; `remove` flushes it a last time.
   * Several tasks of one job on this worker each add their own (`key`).
   */
  add(key: string, jobId: string, buffer: MetricMinuteBuffer): void {
    this.buffers.set(key, { jobId, buffer });
  }

  async remove(key: string): Promise<void> {
    const entry = this.buffers.get(key);
    this.buffers.delete(key);
    if (entry) await this.write(entry.jobId, entry.buffer);
  }

  private async write(jobId: string, buffer: MetricMinuteBuffer): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const rows = buffer.drain(now - 60_000);
    try {
      await writeMetricMinutes({ prisma: this.options.prisma }, { jobId, rows });
      this.failures.succeeded();
    } catch (error) {
      this.failures.failed(error);
    }
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      for (const { jobId, buffer } of this.buffers.values()) await this.write(jobId, buffer);
    });
    return this.flushing;
  }

  async prune(): Promise<void> {
    try {
      await pruneMetrics(
        { prisma: this.options.prisma },
        { nowMs: (this.options.now ?? Date.now)() },
      );
    } catch (error) {
      this.options.logger.warn({ err: error }, 'metric retention failed');
    }
  }

  async stop(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.flush();
  }
}
