/**
 * Writes the running jobs' buffered seconds to PostgreSQL every few seconds (one statement
 * per job and flush) and applies the store's retention every few minutes. Any worker may
 * prune: the statements are idempotent. A failed write keeps nothing back from the job; the
 * seconds of that flush are lost from the charts. Failures that repeat (a database outage) are
 * logged once, then once a minute, then "recovered" (failure-log.ts).
 */
import { type MetricMinuteBuffer, pruneMetrics, writeMetricMinutes } from '@velo/api';
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
  private readonly buffers = new Map<string, MetricMinuteBuffer>();
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

  /** Starts flushing a job's buffer; `remove` flushes it a last time. */
  add(jobId: string, buffer: MetricMinuteBuffer): void {
    this.buffers.set(jobId, buffer);
  }

  async remove(jobId: string): Promise<void> {
    const buffer = this.buffers.get(jobId);
    this.buffers.delete(jobId);
    if (buffer) await this.write(jobId, buffer);
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
      for (const [jobId, buffer] of this.buffers) await this.write(jobId, buffer);
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
