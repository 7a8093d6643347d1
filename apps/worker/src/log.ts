import pino, { type Logger } from 'pino';

/** The worker's one logger: JSON lines on stdout; jobs get child loggers (job-log.ts). */
export function createWorkerLogger(workerId: string, level: string): Logger {
  return pino({ level, base: { worker: workerId } });
}
