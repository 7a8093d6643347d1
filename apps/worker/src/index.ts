export { loadWorkerEnv, parseWorkerEnv, type WorkerEnv, ZWorkerEnv } from './env.ts';
export { createWorkerMetrics, type WorkerMetrics } from './metrics.ts';
export { type MetricsServer, startMetricsServer } from './metrics-server.ts';
export { newWorkerId, type RunningWorker, startWorker } from './worker.ts';
