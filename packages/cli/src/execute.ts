import { createSink, createSource, type Sink } from '@velo/connectors';
import { compile, type Diagnostic, formatDiagnostic, parse, type Schema } from '@velo/engine';
import { type RunDeadLetter, type RunOptions, type RunSummary, runProgram } from '@velo/runtime';
import { CliError, type CliIO, ReportedError, writeLine } from './io.ts';
import { boundNames, openSources, sourceParams } from './sources.ts';

export interface ExecuteOptions {
  sql: string;
  bindings: Map<string, string>;
  /** Open the INTO sinks and write to them (`velo run`); `velo query` only prints. */
  writeSinks: boolean;
  /** Final checkpoint on stop: flush sinks, commit source positions (Kafka offsets). */
  commitOnStop: boolean;
  onOutput: NonNullable<RunOptions['onOutput']>;
}

/** Prints diagnostics to stderr; throws ReportedError (exit 1) if any is an error. */
export function reportDiagnostics(io: CliIO, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) writeLine(io.stderr, formatDiagnostic(d));
  if (diagnostics.some((d) => d.severity === 'error'))
    throw new ReportedError('diagnostics reported');
}

function printDeadLetter(io: CliIO, d: RunDeadLetter): void {
  const at = d.sqlLine !== undefined ? ` at line ${d.sqlLine}, column ${d.sqlColumn}` : '';
  writeLine(io.stderr, `dead letter: ${d.location ?? d.sourceId}: ${d.reason}${at}`);
}

/**
 * Compiles `sql` with the schemas sampled from its sources and runs it through the runtime's
 * run loop until the sources end or the user interrupts (Ctrl-C aborts the run, which then
 * flushes its sinks and commits its positions).
 */
export async function execute(io: CliIO, options: ExecuteOptions): Promise<RunSummary> {
  const parsed = parse(options.sql);
  reportDiagnostics(
    io,
    parsed.diagnostics.filter((d) => d.severity === 'error'),
  );
  const sources = await openSources(parsed.sources, options.bindings);
  const sinks: Record<string, Sink> = {};
  try {
    const schemas: Record<string, Schema> = {};
    for (const s of sources) if (s.schema) schemas[s.id] = s.schema;
    const compiled = compile(options.sql, {
      schemas,
      boundSources: boundNames(parsed.sources, options.bindings),
      boundedSources: sources.filter((s) => s.bound && s.source.bounded).map((s) => s.id),
      sourceParams: sourceParams(sources),
    });
    reportDiagnostics(io, compiled.diagnostics);
    if (!compiled.ok || !compiled.program) throw new CliError('the SQL did not compile');
    // An unbounded join table side is reopened as a table: it reads to its current end and says
    // so (`tableLoaded`), and the stream side starts then.
    for (const s of sources) {
      if (s.source.bounded || !compiled.program.tableSources.includes(s.id)) continue;
      await s.source.close();
      try {
        s.source = await createSource(s.uri, { asTable: true });
      } catch (e) {
        throw new CliError((e as Error).message);
      }
    }
    if (options.writeSinks) {
      for (const s of compiled.program.sinks) {
        if (!s.into?.includes(':') || sinks[s.into]) continue;
        try {
          sinks[s.into] = await createSink(s.into, { stdout: io.stdout });
        } catch (e) {
          throw new CliError((e as Error).message);
        }
      }
    }
    const abort = new AbortController();
    io.interrupted.then(() => abort.abort());
    return await runProgram({
      program: compiled.program,
      sources: Object.fromEntries(sources.map((s) => [s.id, s.source])),
      sinks,
      signal: abort.signal,
      checkpoint: options.commitOnStop ? {} : undefined,
      onDeadLetter: (d) => printDeadLetter(io, d),
      onOutput: options.onOutput,
    });
  } finally {
    await Promise.all([
      ...sources.map((s) => s.source.close()),
      ...Object.values(sinks).map((s) => s.close()),
    ]);
  }
}
