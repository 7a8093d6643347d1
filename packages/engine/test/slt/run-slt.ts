/** Runs one sqllogictest record through the engine's public API and renders its rows. */
import {
  compile,
  createPipeline,
  type EngineRecord,
  formatDiagnostic,
  inferSchema,
  parse,
  readJsonLines,
  type Schema,
  type Value,
  valueToText,
} from '../../src/index.ts';
import type { SltQuery } from './slt-file.ts';

export interface SltResult {
  columns: string[];
  rows: string[];
  /** Compile diagnostics and dead-letter reasons. */
  errors: string[];
}

/** One value as sqllogictest prints it: NULL, (empty) for '', exact decimals with their scale. */
export function renderValue(v: Value | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (v === '') return '(empty)';
  return valueToText(v);
}

function records(text: string): EngineRecord[] {
  const parsed = readJsonLines(text);
  if (parsed.errors.length > 0) throw new Error(`bad source line: ${parsed.errors[0].message}`);
  return parsed.records.map((v) => ({ fields: { ...(v as Record<string, Value>) }, eventTime: 0 }));
}

export function runSlt(q: SltQuery): SltResult {
  const refs = parse(q.sql).sources;
  const bound = refs.filter((r) => q.sources.has(r.name ?? r.id));
  const inputs = new Map(bound.map((r) => [r.id, records(q.sources.get(r.name ?? r.id)!)]));
  const schemas: Record<string, Schema> = {};
  for (const [id, rs] of inputs) if (rs.length > 0) schemas[id] = inferSchema(rs);
  // Every source here ends (pushed whole, then endOfInput), as files do for `velo query`.
  const boundSources = bound.map((r) => r.id);
  const compiled = compile(q.sql, { schemas, boundSources, boundedSources: boundSources });
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.ok || !compiled.program || errors.length > 0) {
    return { columns: [], rows: [], errors: errors.map(formatDiagnostic) };
  }
  const pipeline = createPipeline(compiled.program, { nowMs: () => 0 });
  const outputs = new Map<string, { columns: string[]; records: EngineRecord[] }>();
  const deadLetters: string[] = [];
  const collect = () => {
    for (const o of pipeline.takeOutput()) {
      const entry = outputs.get(o.sink) ?? { columns: o.columns, records: [] };
      entry.records.push(...o.records);
      outputs.set(o.sink, entry);
    }
    for (const d of pipeline.takeDeadLetters()) deadLetters.push(d.reason);
  };
  collect();
  // Tables (join sides, subqueries) are read first: sources in reverse order of appearance.
  for (const ref of [...bound].reverse()) {
    pipeline.push(ref.id, inputs.get(ref.id)!);
    pipeline.endOfInput(ref.id);
    collect();
  }
  const sinks = compiled.program.sinks;
  const sink = outputs.has('result') ? 'result' : sinks[sinks.length - 1]?.sink;
  const out = outputs.get(sink) ?? { columns: sinks[sinks.length - 1]?.columns ?? [], records: [] };
  const rows = finalRows(out.records).map((r) =>
    out.columns.map((c) => renderValue(r.fields[c])).join(' '),
  );
  return { columns: out.columns, rows, errors: deadLetters };
}

/**
 * The result as a table, as `velo query --mode table` prints it (DESIGN §4): a running
 * aggregate's updates for one group (same upsert key) leave only the group's last row.
 */
function finalRows(records: EngineRecord[]): EngineRecord[] {
  const rows: EngineRecord[] = [];
  const slot = new Map<string, number>();
  for (const r of records) {
    const key = (r as { upsertKey?: string }).upsertKey;
    if (key === undefined) rows.push(r);
    else if (slot.has(key)) rows[slot.get(key)!] = r;
    else {
      slot.set(key, rows.length);
      rows.push(r);
    }
  }
  return rows;
}
