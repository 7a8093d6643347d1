import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface WorkerMetrics {
  registry: Registry;
  up: Gauge<'worker'>;
  lastHeartbeat: Gauge<'worker'>;
}

/** A registry per worker with Node's default metrics and the worker's own gauges. */
export function createWorkerMetrics(workerId: string): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ worker: workerId });
  collectDefaultMetrics({ register: registry });
  const up = new Gauge({
    name: 'velo_worker_up',
    help: '1 while the worker process is running and heartbeating.',
    labelNames: ['worker'],
    registers: [registry],
  });
  const lastHeartbeat = new Gauge({
    name: 'velo_worker_last_heartbeat_timestamp_seconds',
    help: 'Unix time of the worker’s last heartbeat.',
    labelNames: ['worker'],
    registers: [registry],
  });
  return { registry, up, lastHeartbeat };
}
