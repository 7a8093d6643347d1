/**
 * Main-thread handle on the engine Web Worker: request/response for diagnostics, a message
 * stream per preview. The worker is bundled by webpack from src/workers (same origin: allowed by
 * the CSP's worker-src 'self').
 */
import type { Column } from '@velo/engine';
import type {
  DiagnosticsResponse,
  EngineRequest,
  EngineResponse,
  PreviewLimits,
} from '~/workers/engine-protocol';

export interface EngineClient {
  diagnose(
    sql: string,
    schemas: Record<string, { columns: Column[] }>,
  ): Promise<DiagnosticsResponse>;
  preview(
    request: {
      sql: string;
      statement: number | null;
      limits: PreviewLimits;
      samples: Record<string, unknown[]>;
    },
    onMessage: (message: EngineResponse) => void,
  ): number;
  stop(id: number): void;
  /**
   * Runs a tiny datagen preview and drops its output, so the engine's code is compiled and warm
   * before the first real preview (a cold worker made the first rows ~3× slower).
   */
  warmUp(): void;
  dispose(): void;
}

const WARM_UP_SQL = `SELECT product, COUNT(*) AS n, SUM(amount) AS revenue
FROM 'datagen://orders?limit=500'
GROUP BY product
WINDOW TUMBLING(1m)
EMIT FINAL`;

export function createEngineClient(): EngineClient {
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
    name: 'velo-engine',
  });
  let nextId = 1;
  const diagnoseWaiters = new Map<number, (response: DiagnosticsResponse) => void>();
  const previewListeners = new Map<number, (message: EngineResponse) => void>();

  worker.onmessage = (event: MessageEvent<EngineResponse>) => {
    const message = event.data;
    if (message.type === 'diagnostics') {
      diagnoseWaiters.get(message.id)?.(message);
      diagnoseWaiters.delete(message.id);
      return;
    }
    previewListeners.get(message.id)?.(message);
    if (message.type === 'preview-done') previewListeners.delete(message.id);
  };

  const send = (request: EngineRequest) => worker.postMessage(request);

  return {
    diagnose(sql, schemas) {
      const id = nextId++;
      return new Promise((resolve) => {
        diagnoseWaiters.set(id, resolve);
        send({ type: 'diagnose', id, sql, schemas });
      });
    },
    preview(request, onMessage) {
      const id = nextId++;
      previewListeners.set(id, onMessage);
      send({ type: 'preview', id, ...request });
      return id;
    },
    stop(id) {
      send({ type: 'stop', id });
    },
    warmUp() {
      const id = nextId++;
      // No listener: the worker's answers for this id are dropped.
      send({
        type: 'preview',
        id,
        sql: WARM_UP_SQL,
        statement: null,
        limits: { rows: 1000, timeMs: 2000 },
        samples: {},
      });
    },
    dispose() {
      worker.terminate();
      diagnoseWaiters.clear();
      previewListeners.clear();
    },
  };
}
