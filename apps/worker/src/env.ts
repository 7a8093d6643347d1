import { ZEgressEnv } from '@velo/connectors/egress';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const ms = (min: number) => z.coerce.number().int().min(min);

/** The worker's environment, parsed once at boot (see `loadWorkerEnv`). */
export const ZWorkerEnv = z.object({
  NODE_ENV: z.string().optional(),
  /** VELO_MODE, VELO_EGRESS_ALLOW/DENY, VELO_FILE_ROOT: the egress policy (file paths of jobs). */
  ...ZEgressEnv.shape,
  /** Without it the worker only serves metrics (no jobs run). */
  DATABASE_URL: z.string().min(1).optional(),
  KAFKA_BROKERS: z.string().min(1).optional(),
  /** Decrypts saved connections' secrets (only the worker and "test connection" do). */
  VELO_SECRET_KEY: z.string().min(1).optional(),
  VELO_SECRET_KEYS_OLD: z.string().optional(),
  /** Stable id for this worker; a `<host>-<pid>-<random>` id when unset. */
  WORKER_ID: z.string().min(1).max(128).optional(),
  /** Port of the Prometheus `/metrics` endpoint (0 = any free port). */
  WORKER_METRICS_PORT: port.default(9464),
  /**
   * Where /metrics listens: loopback unless configured (job names and team ids are in the
   * metrics); the Docker image sets 0.0.0.0 for Prometheus to scrape the container.
   */
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  WORKER_HEARTBEAT_MS: ms(100).default(5000),
  /** At most this many jobs run on this worker at once. */
  WORKER_MAX_JOBS: z.coerce.number().int().min(1).max(1000).default(10),
  /** Comma-separated team ids: this worker runs only their jobs (a dedicated pool); all when unset. */
  WORKER_TEAMS: z
    .string()
    .optional()
    .transform((text) =>
      text
        ?.split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  /** How long a claim lasts without renewal; another worker takes over after it. */
  WORKER_LEASE_MS: ms(500).default(15_000),
  /** How often the worker looks for jobs to claim and for stop/restart requests. */
  WORKER_POLL_MS: ms(50).default(1000),
  /** Overrides every job's checkpoint interval (tests, benchmarks). */
  WORKER_CHECKPOINT_INTERVAL_MS: ms(50).optional(),
  /** Checkpoints kept per job (older ones are pruned). */
  WORKER_CHECKPOINTS_KEPT: z.coerce.number().int().min(1).default(3),
  /** A graceful stop (flush, checkpoint, commit) gets this long before the job is abandoned. */
  WORKER_STOP_TIMEOUT_MS: ms(100).default(10_000),
  /** Restart backoff: base * 2^(restarts-1), capped. */
  WORKER_RESTART_BACKOFF_MS: ms(10).default(1000),
  WORKER_RESTART_BACKOFF_MAX_MS: ms(10).default(60_000),
  /** `on-failure` gives up (FAILED) after this many restarts in a row; `always` never does. */
  WORKER_MAX_RESTARTS: z.coerce.number().int().min(0).default(5),
  /** Dead-letter payloads are stored up to this many bytes. */
  WORKER_DLQ_PAYLOAD_MAX_BYTES: z.coerce.number().int().min(64).default(4096),
  /** How often a worker writes its jobs' per-second metrics to PostgreSQL. */
  WORKER_METRICS_FLUSH_MS: ms(100).default(5000),
  /** Label sets kept per user `@metric` (further ones are counted as dropped). */
  VELO_METRIC_MAX_LABEL_SETS: z.coerce.number().int().min(1).max(100_000).default(100),
  /** When set, OpenLineage run events are POSTed there (HTTP transport). */
  OPENLINEAGE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
