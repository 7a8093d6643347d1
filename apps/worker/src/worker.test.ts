import { afterEach, describe, expect, it } from 'vitest';
import { parseWorkerEnv } from './env.ts';
import { type RunningWorker, startWorker } from './worker.ts';

describe('worker environment', () => {
  it('applies defaults', () => {
    const env = parseWorkerEnv({});
    expect(env.WORKER_METRICS_PORT).toBe(9464);
    expect(env.WORKER_HEARTBEAT_MS).toBe(5000);
    expect(env.WORKER_ID).toBeUndefined();
    // /metrics is not exposed beyond the host unless configured (issue 11).
    expect(env.WORKER_METRICS_HOST).toBe('127.0.0.1');
  });

  it('rejects a bad metrics port with a clear message', () => {
    expect(() => parseWorkerEnv({ WORKER_METRICS_PORT: '70000' })).toThrow(
      /^invalid worker environment: WORKER_METRICS_PORT: /,
    );
  });
});

describe('worker metrics endpoint', () => {
  let worker: RunningWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  it('serves velo_worker_up and the default metrics', async () => {
    const lines: string[] = [];
    worker = await startWorker(
      parseWorkerEnv({
        WORKER_ID: 'test-worker',
        WORKER_METRICS_PORT: '0',
        WORKER_METRICS_HOST: '127.0.0.1',
        WORKER_HEARTBEAT_MS: '100',
      }),
      (line) => lines.push(line),
    );
    const response = await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const body = await response.text();
    expect(body).toContain('# TYPE velo_worker_up gauge');
    expect(body).toContain('velo_worker_up{worker="test-worker"} 1');
    expect(body).toMatch(/^process_cpu_user_seconds_total\{worker="test-worker"\} /m);
    expect(body).toMatch(/^nodejs_heap_size_used_bytes\{worker="test-worker"\} /m);

    expect(lines.filter((line) => line.startsWith('worker test-worker heartbeat #'))).toEqual([
      'worker test-worker heartbeat #1',
    ]);
    const lastBeat = (text: string) =>
      Number(
        /^velo_worker_last_heartbeat_timestamp_seconds\{worker="test-worker"\} (\S+)$/m.exec(
          text,
        )?.[1],
      );
    const firstBeat = lastBeat(body);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const later = await (await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`)).text();
    expect(lastBeat(later)).toBeGreaterThan(firstBeat);

    const notFound = await fetch(`http://127.0.0.1:${worker.metricsPort}/nope`);
    expect(notFound.status).toBe(404);
    const health = await fetch(`http://127.0.0.1:${worker.metricsPort}/healthz`);
    expect(await health.text()).toBe('ok\n');
  });

  it('reports 0 after stop', async () => {
    worker = await startWorker(
      parseWorkerEnv({
        WORKER_ID: 'w2',
        WORKER_METRICS_PORT: '0',
        WORKER_METRICS_HOST: '127.0.0.1',
      }),
      () => undefined,
    );
    await worker.stop();
    expect(await worker.metrics.registry.getSingleMetricAsString('velo_worker_up')).toContain(
      'velo_worker_up{worker="w2"} 0',
    );
  });
});
