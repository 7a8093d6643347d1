/** Test helper: compile SQL, push JSON-ish rows, collect output lines. */
import { formatJsonRow, readJsonLines } from '../formats/json.ts';
import { inferSchema, type Schema } from '../types/schema.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { compile, parse } from './compile.ts';
import { createPipeline } from './pipeline.ts';
import type { CompiledProgram } from './program.ts';

export function records(jsonl: string): EngineRecord[] {
  const r = readJsonLines(jsonl.trim());
  if (r.errors.length > 0) throw new Error(r.errors[0].message);
  return r.records.map((v) => ({ fields: v as Record<string, Value>, eventTime: 0 }));
}

export function compileOrThrow(
  sql: string,
  inputs: Record<string, EngineRecord[]>,
): CompiledProgram {
  const schemas: Record<string, Schema> = {};
  for (const s of parse(sql).sources) {
    const rs = inputs[s.id];
    if (rs && rs.length > 0) schemas[s.id] = inferSchema(rs);
  }
  const c = compile(sql, { schemas, boundSources: Object.keys(inputs) });
  if (!c.ok || !c.program) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
  return c.program;
}

export interface RunResult {
  out: Record<string, string[]>;
  dlq: { record: string | null; reason: string; line?: number; column?: number }[];
}

const clone = (rs: EngineRecord[]) => rs.map((r) => ({ ...r, fields: { ...r.fields } }));

/** Runs to the end; `batch` pushes each source at once, else one record per push. */
export function run(
  sql: string,
  inputs: Record<string, EngineRecord[]>,
  opts: { batch?: boolean; order?: string[] } = {},
): RunResult {
  const program = compileOrThrow(sql, inputs);
  const p = createPipeline(program, { nowMs: () => 0 });
  const result: RunResult = { out: {}, dlq: [] };
  const collect = () => {
    for (const o of p.takeOutput()) {
      if (!result.out[o.sink]) result.out[o.sink] = [];
      const list = result.out[o.sink];
      for (const r of o.records) list.push(formatJsonRow(r.fields));
    }
    for (const d of p.takeDeadLetters()) {
      result.dlq.push({
        record: d.record ? formatJsonRow(d.record.fields) : null,
        reason: d.reason,
        ...(d.line !== undefined ? { line: d.line, column: d.column } : {}),
      });
    }
  };
  for (const id of opts.order ?? Object.keys(inputs)) {
    const rs = clone(inputs[id]);
    if (opts.batch) p.push(id, rs);
    else for (const r of rs) p.push(id, [r]);
    p.endOfInput(id);
    collect();
  }
  return result;
}
