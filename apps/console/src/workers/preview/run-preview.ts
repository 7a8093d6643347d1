/**
 * One preview: compile with the sources' schemas, open the sources (datagen here, samples from
 * the API), run the loop, and stream rows, dead letters and stats back in small messages. INTO
 * sinks are never opened: every output only goes to the grid.
 */
import { compile, parse } from '@velo/engine';
import type { Source } from '@velo/runtime';
import type {
  DeadLetterView,
  EngineResponse,
  OutputChunk,
  PreviewRequest,
  PreviewStats,
  StopCause,
} from '../engine-protocol';
import { openPreviewSource } from './browser-sources';
import { toDeadLetterView, toRow } from './cells';
import { type LoopStop, runLoop } from './run-loop';
import { sourceSchemas } from './source-schemas';

const POST_EVERY_MS = 100;
const MAX_DEAD_LETTERS = 1000;

const CAUSE: Record<LoopStop, StopCause> = {
  end: 'end',
  aborted: 'stopped',
  limit: 'rows',
  timeout: 'time',
};

export async function runPreview(
  request: PreviewRequest,
  post: (message: EngineResponse) => void,
  signal: AbortSignal,
): Promise<void> {
  const started = performance.now();
  const stats: PreviewStats = {
    recordsIn: 0,
    recordsOut: 0,
    elapsedMs: 0,
    sources: {},
    outputs: {},
    deadLetters: 0,
    firstRowsMs: null,
  };
  const finish = (cause: StopCause, error: string | null, diagnostics = [] as never[]) => {
    stats.elapsedMs = performance.now() - started;
    post({ type: 'preview-done', id: request.id, stats, cause, error, diagnostics });
  };

  const parsed = parse(request.sql);
  const { schemas } = sourceSchemas(parsed.sources, {}, request.samples);
  const compiled = compile(request.sql, { schemas });
  if (!compiled.ok || !compiled.program) {
    stats.elapsedMs = performance.now() - started;
    post({
      type: 'preview-done',
      id: request.id,
      stats,
      cause: 'error',
      error: 'the SQL has errors: fix the marked lines first',
      diagnostics: compiled.diagnostics,
    });
    return;
  }
  const program = compiled.program;
  const wanted = (statement: number) =>
    request.statement === null || statement === request.statement;
  post({
    type: 'preview-started',
    id: request.id,
    outputs: program.sinks
      .filter((s) => wanted(s.statement))
      .map(({ sink, statement, kind, into, columns }) => ({
        sink,
        statement,
        kind,
        into,
        columns,
      })),
  });

  let sources: Record<string, Source>;
  try {
    sources = {};
    for (const ref of program.sources) {
      sources[ref.id] = openPreviewSource(ref.id, ref.uri, request.samples);
    }
  } catch (error) {
    finish('error', (error as Error).message);
    return;
  }

  let chunks: OutputChunk[] = [];
  let deadLetters: DeadLetterView[] = [];
  let lastPost = performance.now();
  let firstRowsPending = false;
  const flush = () => {
    stats.elapsedMs = performance.now() - started;
    post({ type: 'preview-progress', id: request.id, chunks, deadLetters, stats });
    chunks = [];
    deadLetters = [];
    lastPost = performance.now();
  };

  try {
    const stop = await runLoop({
      program,
      sources,
      signal,
      limits: { maxOutputRows: request.limits.rows, maxMs: request.limits.timeMs },
      onOutput(output) {
        if (!wanted(output.statement) || output.records.length === 0) return;
        if (stats.firstRowsMs === null) {
          stats.firstRowsMs = performance.now() - started;
          firstRowsPending = true;
        }
        chunks.push({
          sink: output.sink,
          statement: output.statement,
          columns: output.columns,
          rows: output.records.map((r) => toRow(r, output.columns)),
        });
      },
      onDeadLetter(deadLetter) {
        stats.deadLetters++;
        if (stats.deadLetters <= MAX_DEAD_LETTERS) deadLetters.push(toDeadLetterView(deadLetter));
      },
      onMetrics(metrics) {
        stats.recordsIn = metrics.recordsIn;
        stats.recordsOut = metrics.recordsOut;
        stats.sources = Object.fromEntries(
          Object.entries(metrics.sources).map(([id, m]) => [id, m.recordsIn]),
        );
        stats.outputs = { ...metrics.outputs };
      },
      onYield() {
        // The first rows go out at once (that is what the user waits for); then every 100 ms.
        if (firstRowsPending || performance.now() - lastPost >= POST_EVERY_MS) {
          firstRowsPending = false;
          flush();
        }
      },
    });
    flush();
    finish(CAUSE[stop], null);
  } catch (error) {
    flush();
    finish('error', (error as Error).message);
  }
}
