/**
 * Per-job logs: every line goes to pino (JSON on stdout, with job and worker ids) and to the
 * JobLog table, which job.logs reads. Writes to the table never fail a job.
 */
import type { PrismaClient } from '@velo/db';
import type { Logger } from 'pino';

export type JobLogLevel = 'info' | 'warn' | 'error';

export interface JobLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
  /** Resolves once every line logged so far is in the table. */
  flush(): Promise<void>;
}

export function createJobLogger(
  prisma: PrismaClient,
  parent: Logger,
  job: { id: string; name: string },
  workerId: string,
): JobLogger {
  const log = parent.child({ jobId: job.id, job: job.name });
  let pending: Promise<void> = Promise.resolve();
  const write = (level: JobLogLevel, message: string, details: Record<string, unknown> = {}) => {
    log[level](details, message);
    pending = pending.then(() =>
      prisma.jobLog
        .create({
          data: {
            jobId: job.id,
            level,
            message,
            workerId,
            details: JSON.parse(JSON.stringify(details)),
          },
        })
        .then(
          () => undefined,
          (error: unknown) => {
            // The job may have been deleted; the line is on stdout either way.
            log.debug({ err: String(error) }, 'job log line not stored');
          },
        ),
    );
  };
  return {
    info: (message, details) => write('info', message, details),
    warn: (message, details) => write('warn', message, details),
    error: (message, details) => write('error', message, details),
    flush: () => pending,
  };
}
