import {
  compile,
  createPipeline,
  type Diagnostic,
  type EngineRecord,
  formatDiagnostic,
  parse,
  type Schema,
} from '@velo/engine';
import { CliError, type CliIO, ReportedError, writeLine } from './io.ts';
import { boundNames, type OpenSource, openSources } from './sources.ts';

export const BATCH_SIZE = 4096;

export interface OutputBatch {
  sink: string;
  columns: string[];
  records: EngineRecord[];
}

export interface ExecuteHooks {
  /** Receives each output batch; returning true stops the run (e.g. --limit reached). */
  onOutput(batch: OutputBatch): Promise<boolean>;
}

export interface ExecuteResult {
  deadLetters: number;
}

/** Prints diagnostics to stderr; throws CliError(exit 1) if any is an error. */
export function reportDiagnostics(io: CliIO, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) writeLine(io.stderr, formatDiagnostic(d));
  if (diagnostics.some((d) => d.severity === 'error'))
    throw new ReportedError('diagnostics reported');
}

interface Pipeline {
  push(sourceId: string, records: EngineRecord[]): void;
  endOfInput(sourceId: string): void;
  takeOutput(): OutputBatch[];
  takeDeadLetters(): {
    sourceId: string;
    reason: string;
    line?: number;
    column?: number;
  }[];
}

/**
 * Compiles `sql` with the sources' sampled schemas and runs it: bounded sources are read to
 * their end one after another, later-named first (the right side of a stream–table join must
 * be loaded before the stream side starts, DESIGN §2); unbounded ones then round-robin until
 * interrupted or a hook asks to stop.
 */
export async function execute(
  io: CliIO,
  sql: string,
  bindings: Map<string, string>,
  hooks: ExecuteHooks,
): Promise<ExecuteResult> {
  const parsed = parse(sql);
  reportDiagnostics(
    io,
    parsed.diagnostics.filter((d) => d.severity === 'error'),
  );
  const sources = await openSources(parsed.sources, bindings);
  let deadLetters = 0;
  try {
    const schemas: Record<string, Schema> = {};
    for (const s of sources) if (s.schema) schemas[s.id] = s.schema;
    const compiled = compile(sql, { schemas, boundSources: boundNames(parsed.sources, bindings) });
    reportDiagnostics(io, compiled.diagnostics);
    if (!compiled.ok || !compiled.program) throw new CliError('the SQL did not compile');
    const pipeline = createPipeline(compiled.program) as unknown as Pipeline;
    let stopped = false;
    let interrupted = false;
    io.interrupted.then(() => {
      interrupted = true;
    });

    const drain = async (): Promise<void> => {
      for (const dl of pipeline.takeDeadLetters()) {
        deadLetters++;
        const at = dl.line !== undefined ? ` at line ${dl.line}, column ${dl.column}` : '';
        writeLine(io.stderr, `dead letter: ${dl.sourceId}: ${dl.reason}${at}`);
      }
      for (const batch of pipeline.takeOutput()) {
        if (stopped) break;
        if (await hooks.onOutput(batch)) stopped = true;
      }
    };
    const sourceDeadLetters = (list: { location: string; reason: string }[]) => {
      for (const dl of list) {
        deadLetters++;
        writeLine(io.stderr, `dead letter: ${dl.location}: ${dl.reason}`);
      }
    };
    const pushSample = async (s: OpenSource): Promise<boolean> => {
      sourceDeadLetters(s.sampleDeadLetters);
      if (s.sample.length > 0) pipeline.push(s.id, s.sample);
      s.sample = [];
      await drain();
      return s.sampleDone;
    };
    const pump = async (s: OpenSource): Promise<boolean> => {
      const batch = await s.source.readBatch(BATCH_SIZE);
      sourceDeadLetters(batch.deadLetters);
      if (batch.records.length > 0) pipeline.push(s.id, batch.records);
      await drain();
      return batch.done;
    };

    const bounded = sources.filter((s) => s.source.bounded).reverse();
    const unbounded = sources.filter((s) => !s.source.bounded);
    for (const s of bounded) {
      let done = await pushSample(s);
      while (!done && !stopped && !interrupted) done = await pump(s);
      if (stopped || interrupted) break;
      pipeline.endOfInput(s.id);
      await drain();
    }
    for (const s of unbounded) await pushSample(s);
    while (unbounded.length > 0 && !stopped && !interrupted) {
      for (const s of unbounded) {
        if (stopped || interrupted) break;
        await pump(s);
      }
      // Let signal handlers and stdout drain run between rounds.
      await new Promise((r) => setImmediate(r));
    }
    if (!stopped && sources.length === 0) await drain();
  } finally {
    await Promise.all(sources.map((s) => s.source.close()));
  }
  return { deadLetters };
}
