import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { WorkerEnv } from './env.ts';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.ts';
import { startMetricsServer } from './metrics-server.ts';

export interface RunningWorker {
  id: string;
  metricsPort: number;
  metrics: WorkerMetrics;
  stop(): Promise<void>;
}

export function newWorkerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

/**
 * Starts a worker: metrics endpoint and a heartbeat. (Claiming and running jobs comes with
 * the worker issue; this is the process shell it will live in.)
 */
export async function startWorker(
  env: WorkerEnv,
  log: (line: string) => void = (line) => console.log(line),
): Promise<RunningWorker> {
  const id = env.WORKER_ID ?? newWorkerId();
  const metrics = createWorkerMetrics(id);
  const server = await startMetricsServer(metrics.registry, {
    port: env.WORKER_METRICS_PORT,
    host: env.WORKER_METRICS_HOST,
  });
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

  let stopping: Promise<void> | undefined;
  return {
    id,
    metricsPort: server.port,
    metrics,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        metrics.up.set({ worker: id }, 0);
        await server.close();
        log(`worker ${id} stopped`);
      })();
      return stopping;
    },
  };
}
