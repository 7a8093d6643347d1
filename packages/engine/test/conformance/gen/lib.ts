/**
 * Writes conformance cases as data files. Run: `npx tsx packages/engine/test/conformance/gen/main.ts`.
 * The generated files are committed; the runner reads only them. Expected outputs are written
 * by hand from DESIGN §2–3, or (for arithmetic families) computed here with decimal.js, which
 * the issue names as the reference for exact decimals — never with the engine under test.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CaseSpec {
  sql: string;
  /** Input lines bound to the source named `input`. */
  input?: string[];
  /** Input lines per source name (files `<case>.<source>.jsonl`). */
  inputs?: Record<string, string[]>;
  /** Expected output lines (the `result` sink, or the only sink). */
  expected?: string[];
  /** Expected output lines per sink name (files `<case>.expected.<sink>.jsonl`). */
  expectedBySink?: Record<string, string[]>;
  /** Expected dead letters: `{"record":{...}}` or `{"record":{...},"reason":"..."}`. */
  dlq?: string[];
  /** Expected diagnostics text for error_* cases (exact formatDiagnostic output). */
  error?: string;
  /** Output order is not specified (groups closing together): compare sorted lines. */
  unordered?: boolean;
  /** Push sources in this order (default: reverse order of first appearance). */
  pushOrder?: string[];
  /** Expected lines carry `__headers` of the output record. */
  expectHeaders?: boolean;
  /** Push all records of a source as one batch instead of one record per push. */
  batch?: boolean;
  /** Push the records of all sources merged in `ts` order, one per push. */
  interleave?: boolean;
  description?: string;
}

const cases = new Map<string, CaseSpec>();

export function add(area: string, name: string, spec: CaseSpec): void {
  const id = `${area}/${name}`;
  if (cases.has(id)) throw new Error(`duplicate case ${id}`);
  if (name.startsWith('error_') !== (spec.error !== undefined)) {
    throw new Error(`${id}: error_* cases (and only they) need 'error'`);
  }
  cases.set(id, spec);
}

function lines(list: string[]): string {
  return list.length === 0 ? '' : `${list.join('\n')}\n`;
}

export function writeAll(root: string): number {
  for (const entry of readdirSync(root))
    rmSync(join(root, entry), { recursive: true, force: true });
  for (const [id, spec] of cases) {
    const [area, name] = id.split('/');
    const dir = join(root, area);
    mkdirSync(dir, { recursive: true });
    const header: string[] = [];
    // Error cases keep their SQL on line 1 so expected positions read naturally.
    if (spec.description && spec.error === undefined) header.push(`-- ${spec.description}`);
    if (spec.unordered) header.push('-- unordered');
    if (spec.batch) header.push('-- batch');
    if (spec.interleave) header.push('-- interleave');
    if (spec.expectHeaders) header.push('-- expect-headers');
    if (spec.pushOrder) header.push(`-- push-order: ${spec.pushOrder.join(', ')}`);
    const sql = spec.sql.trim();
    writeFileSync(join(dir, `${name}.sql`), `${[...header, sql].join('\n')}\n`);
    if (spec.input) writeFileSync(join(dir, `${name}.input.jsonl`), lines(spec.input));
    for (const [source, rows] of Object.entries(spec.inputs ?? {})) {
      writeFileSync(join(dir, `${name}.${source}.jsonl`), lines(rows));
    }
    if (spec.error !== undefined) {
      writeFileSync(join(dir, `${name}.expected.txt`), `${spec.error}\n`);
    } else if (spec.expectedBySink) {
      for (const [sink, rows] of Object.entries(spec.expectedBySink)) {
        writeFileSync(join(dir, `${name}.expected.${sink}.jsonl`), lines(rows));
      }
    } else {
      writeFileSync(join(dir, `${name}.expected.jsonl`), lines(spec.expected ?? []));
    }
    if (spec.dlq) writeFileSync(join(dir, `${name}.expected-dlq.jsonl`), lines(spec.dlq));
  }
  return cases.size;
}

/** Compact JSON object line from already-encoded values: `row({a: '"1.10"', n: '3'})`. */
export function row(fields: Record<string, string>): string {
  return `{${Object.entries(fields)
    .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
    .join(',')}}`;
}

/** Encodes JS values the way the engine writes them (strings quoted, numbers raw, null). */
export function out(fields: Record<string, string | number | boolean | null>): string {
  return row(
    Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, v === null ? 'null' : JSON.stringify(v)]),
    ),
  );
}
