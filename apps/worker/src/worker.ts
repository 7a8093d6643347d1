import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { configureEgress, egressPolicyFromEnv } from '@velo/connectors/egress';
import { createPrismaClient, type Keyring, loadKeyring, type PrismaClient } from '@velo/db';
import type { WorkerEnv } from './env.ts';
import { createWorkerLogger } from './log.ts';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.ts';
import { startMetricsServer } from './metrics-server.ts';
import { Supervisor } from './supervisor.ts';
import { MetricFlusher } from './telemetry/metric-flusher.ts';
import { telemetryHooks } from './telemetry/telemetry-hooks.ts';

export interface RunningWorker {
  id: string;
  metricsPort: number;
  metrics: WorkerMetrics;
  /** Jobs running on this worker now (0 without DATABASE_URL). */
  jobCount(): number;
  stop(): Promise<void>;
}

export function newWorkerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

function keyringLoader(env: WorkerEnv): () => Keyring {
  let keyring: Keyring | undefined;
  return () => {
    if (!env.VELO_SECRET_KEY) throw new Error('VELO_SECRET_KEY is not set');
    keyring ??= loadKeyring({ current: env.VELO_SECRET_KEY, previous: env.VELO_SECRET_KEYS_OLD });
    return keyring;
  };
}

/**
 * Starts a worker: metrics endpoint, heartbeat and, with DATABASE_URL, the job loop that claims
 * jobs by lease and runs them (supervisor.ts).
 */
export async function startWorker(
  env: WorkerEnv,
  log: (line: string) => void = (line) => console.log(line),
): Promise<RunningWorker> {
  const id = env.WORKER_ID ?? newWorkerId();
  const metrics = createWorkerMetrics(id);
  const logger = createWorkerLogger(id, env.LOG_LEVEL);
  const prisma: PrismaClient | null = env.DATABASE_URL
    ? createPrismaClient(env.DATABASE_URL)
    : null;
  const flusher = prisma
    ? new MetricFlusher({ prisma, logger, flushMs: env.WORKER_METRICS_FLUSH_MS })
    : null;
  // One egress policy for the process: the Supervisor's file checks and every connector a job
  // opens (Kafka brokers, PostgreSQL hosts, file paths) apply it. Our own ports: /metrics, and
  // the console's and workers' defaults (as the API's policy lists them).
  const ownPorts = [...new Set([env.WORKER_METRICS_PORT, 3000, 9464])];
  const egress = prisma ? egressPolicyFromEnv(env, { ownPorts }) : null;
  if (egress) configureEgress(egress);
  const supervisor =
    prisma && flusher && egress
      ? new Supervisor({
          prisma,
          keyring: keyringLoader(env),
          logger,
          workerId: id,
          env,
          egress,
          hooksFor: telemetryHooks({
            prisma,
            registry: metrics.registry,
            flusher,
            logger,
            maxLabelSets: env.VELO_METRIC_MAX_LABEL_SETS,
            openLineageUrl: env.OPENLINEAGE_URL,
          }),
        })
      : null;
  const notReadyReason = async (): Promise<string | null> => {
    if (!prisma || !supervisor) return null;
    try {
      await prisma.$queryRawUnsafe('SELECT 1');
    } catch {
      return 'database unreachable';
    }
    const age = performance.now() - supervisor.lastHealthyTick;
    return age > env.WORKER_LEASE_MS ? `leases not renewed for ${Math.round(age)} ms` : null;
  };
  const server = await startMetricsServer(metrics.registry, {
    port: env.WORKER_METRICS_PORT,
    host: env.WORKER_METRICS_HOST,
    notReadyReason,
  });
  // WORKER_METRICS_PORT=0 picks a free port: the one really bound is ours too.
  egress?.ownPorts.push(server.port);
  let beats = 0;
  // Heartbeats are visible on /metrics; the log gets one line a minute so a terminal running
  // `npm start` is not flooded.
  const beatsPerLogLine = Math.max(1, Math.round(60_000 / env.WORKER_HEARTBEAT_MS));
  const heartbeat = () => {
    beats += 1;
    metrics.up.set({ worker: id }, 1);
    metrics.lastHeartbeat.set({ worker: id }, Date.now() / 1000);
    if (beats === 1 || beats % beatsPerLogLine === 0) log(`worker ${id} heartbeat #${beats}`);
  };
  log(`worker ${id} started; metrics on :${server.port}/metrics`);
  heartbeat();
  const timer = setInterval(heartbeat, env.WORKER_HEARTBEAT_MS);
  if (supervisor) {
    logger.info({ maxJobs: env.WORKER_MAX_JOBS, leaseMs: env.WORKER_LEASE_MS }, 'job loop started');
    supervisor.start();
    flusher?.start();
  }

  let stopping: Promise<void> | undefined;
  return {
    id,
    metricsPort: server.port,
    metrics,
    jobCount: () => supervisor?.jobCount ?? 0,
    stop() {
      stopping ??= (async () => {
        await supervisor?.close();
        await flusher?.stop();
        await prisma?.$disconnect();
        clearInterval(timer);
        metrics.up.set({ worker: id }, 0);
        await server.close();
        log(`worker ${id} stopped`);
      })();
      return stopping;
    },
  };
}
