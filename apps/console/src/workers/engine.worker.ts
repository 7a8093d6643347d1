/**
 * The engine in a Web Worker: diagnostics while typing and previews, off the main thread so the
 * editor stays responsive. Under the strict CSP (no 'unsafe-eval') the engine falls back from
 * generated code to closures by itself.
 */
import { diagnose } from './diagnose';
import type { EngineRequest, EngineResponse } from './engine-protocol';
import { runPreview } from './preview/run-preview';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<EngineRequest>) => void) | null;
  postMessage(message: EngineResponse): void;
};

const running = new Map<number, AbortController>();

function post(message: EngineResponse): void {
  scope.postMessage(message);
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'diagnose') {
    post(diagnose(request));
  } else if (request.type === 'stop') {
    running.get(request.id)?.abort();
  } else if (request.type === 'preview') {
    // One preview at a time: a new one replaces whatever still runs.
    for (const controller of running.values()) controller.abort();
    const controller = new AbortController();
    running.set(request.id, controller);
    runPreview(request, post, controller.signal)
      .catch((error: unknown) =>
        post({
          type: 'preview-done',
          id: request.id,
          stats: {
            recordsIn: 0,
            recordsOut: 0,
            elapsedMs: 0,
            sources: {},
            outputs: {},
            deadLetters: 0,
            firstRowsMs: null,
          },
          cause: 'error',
          error: error instanceof Error ? error.message : String(error),
          diagnostics: [],
        }),
      )
      .finally(() => running.delete(request.id));
  }
};
