/** Runs one conformance case through the engine's public API and renders what came out. */
import {
  compile,
  createPipeline,
  type EngineRecord,
  formatDiagnostic,
  formatJsonRow,
  inferSchema,
  parse,
  readJsonLines,
  restorePipeline,
  type Schema,
  type Value,
} from '../../src/index.ts';
import type { CaseFiles } from './case-files.ts';

export interface CaseResult {
  /** Sink name → output lines. */
  outputs: Map<string, string[]>;
  deadLetters: { record: string | null; reason: string; line?: number; column?: number }[];
  /** Formatted error diagnostics when compilation failed. */
  errors: string | null;
}

const META_KEYS = ['__headers', '__key', '__timestamp', '__offset', '__partition'];

/** Input line → EngineRecord; `__headers`, `__key`... become record metadata. */
function toRecord(value: Value): EngineRecord {
  const fields = { ...(value as Record<string, Value>) };
  const record: EngineRecord = { fields, eventTime: 0 };
  const meta = (k: string) => {
    const v = fields[k];
    delete fields[k];
    return v;
  };
  if ('__headers' in fields) record.headers = { ...(meta('__headers') as Record<string, string>) };
  if ('__key' in fields) record.key = meta('__key') as string;
  if ('__timestamp' in fields) record.timestamp = Number(meta('__timestamp'));
  if ('__offset' in fields) record.offset = BigInt(meta('__offset') as bigint);
  if ('__partition' in fields) record.partition = Number(meta('__partition'));
  for (const k of META_KEYS) delete fields[k];
  return record;
}

function readInput(text: string): EngineRecord[] {
  const parsed = readJsonLines(text);
  if (parsed.errors.length > 0) {
    throw new Error(`bad input line ${parsed.errors[0].line}: ${parsed.errors[0].message}`);
  }
  return parsed.records.map(toRecord);
}

export function renderRow(columns: string[], record: EngineRecord, withHeaders: boolean): string {
  const ordered: Record<string, Value> = {};
  for (const c of columns) ordered[c] = c in record.fields ? record.fields[c] : null;
  const text = formatJsonRow(ordered);
  if (!withHeaders) return text;
  const headers = JSON.stringify(record.headers ?? {});
  return `${text.slice(0, -1)}${columns.length > 0 ? ',' : ''}"__headers":${headers}}`;
}

export interface RunOptions {
  /**
   * Snapshot the pipeline after every push, round-trip the snapshot through JSON text and
   * continue on a restored pipeline: the output must equal one uninterrupted run.
   */
  snapshotEachPush?: boolean;
  /** Push each source as one batch (overrides the case's per-record pushes). */
  wholeBatches?: boolean;
}

export function runCase(c: CaseFiles, options: RunOptions = {}): CaseResult {
  const inputs = new Map<string, EngineRecord[]>();
  for (const [name, text] of c.inputs) inputs.set(name, readInput(text));
  const refs = parse(c.sql).sources;
  const bound = refs.filter((r) => inputs.has(r.name ?? r.id));
  const schemas: Record<string, Schema> = {};
  for (const r of bound) {
    const records = inputs.get(r.name ?? r.id)!;
    if (records.length > 0) schemas[r.id] = inferSchema(records);
  }
  const compiled = compile(c.sql, { schemas, boundSources: bound.map((r) => r.id) });
  const errorDiagnostics = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.ok || !compiled.program || errorDiagnostics.length > 0) {
    return {
      outputs: new Map(),
      deadLetters: [],
      errors: errorDiagnostics.map(formatDiagnostic).join('\n') || 'compile failed',
    };
  }
  const program = compiled.program;
  let pipeline = createPipeline(program, { nowMs: () => 0 });
  const outputs = new Map<string, string[]>();
  const deadLetters: CaseResult['deadLetters'] = [];
  const collect = () => {
    for (const o of pipeline.takeOutput()) {
      const list = outputs.get(o.sink) ?? [];
      for (const r of o.records) list.push(renderRow(o.columns, r, c.expectHeaders));
      outputs.set(o.sink, list);
    }
    for (const d of pipeline.takeDeadLetters()) {
      deadLetters.push({
        record: d.record ? formatJsonRow(d.record.fields) : null,
        reason: d.reason,
        line: d.line,
        column: d.column,
      });
    }
  };
  const checkpoint = (): void => {
    if (!options.snapshotEachPush) return;
    const text = JSON.stringify(pipeline.snapshot());
    pipeline = restorePipeline(program, JSON.parse(text), { nowMs: () => 0 });
  };
  if (c.interleave && !options.wholeBatches) {
    // Push records of all sources merged by their `ts` field (stable), one record per push.
    const merged = bound.flatMap((ref) =>
      inputs.get(ref.name ?? ref.id)!.map((r, i) => ({ ref, r, i, ts: Number(r.fields.ts) })),
    );
    merged.sort((x, y) => x.ts - y.ts || 0);
    for (const { ref, r } of merged) {
      pipeline.push(ref.id, [{ ...r, fields: { ...r.fields } }]);
      collect();
      checkpoint();
    }
    for (const ref of bound) pipeline.endOfInput(ref.id);
    collect();
    return { outputs, deadLetters, errors: null };
  }
  const order = c.pushOrder
    ? c.pushOrder.map((n) => bound.find((r) => (r.name ?? r.id) === n)!)
    : [...bound].reverse();
  for (const ref of order) {
    const records = inputs.get(ref.name ?? ref.id)!.map((r) => ({
      ...r,
      fields: { ...r.fields },
    }));
    if (c.batch || options.wholeBatches) {
      pipeline.push(ref.id, records);
      collect();
      checkpoint();
    } else {
      for (const r of records) {
        pipeline.push(ref.id, [r]);
        collect();
        checkpoint();
      }
    }
    pipeline.endOfInput(ref.id);
    collect();
  }
  return { outputs, deadLetters, errors: null };
}
