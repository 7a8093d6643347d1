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
  dispose(): void;
}

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
    dispose() {
      worker.terminate();
      diagnoseWaiters.clear();
      previewListeners.clear();
    },
  };
}
