import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

/** The worker's environment, parsed once at boot (see `loadWorkerEnv`). */
export const ZWorkerEnv = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  KAFKA_BROKERS: z.string().min(1).optional(),
  /** Stable id for this worker; a `<host>-<pid>-<random>` id when unset. */
  WORKER_ID: z.string().min(1).max(128).optional(),
  /** Port of the Prometheus `/metrics` endpoint (0 = any free port). */
  WORKER_METRICS_PORT: port.default(9464),
  WORKER_METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5000),
});

export type WorkerEnv = z.infer<typeof ZWorkerEnv>;

export function parseWorkerEnv(source: Record<string, string | undefined>): WorkerEnv {
  const result = ZWorkerEnv.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`invalid worker environment: ${problems.join('; ')}`);
  }
  return result.data;
}

let cached: WorkerEnv | undefined;

/** process.env, parsed on first use; the only place the worker reads process.env. */
export function loadWorkerEnv(): WorkerEnv {
  cached ??= parseWorkerEnv(process.env);
  return cached;
}
