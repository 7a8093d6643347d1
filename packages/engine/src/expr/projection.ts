/** Builds the SELECT-list mapper: output record from input record, with header edits applied. */
import type { InternalRecord } from '../exec/record.ts';
import type { RecordMapper } from '../operators/project.ts';
import type { OutputItem } from '../plan/program.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { type Compiled, type CompileOptions, compileExpr, type HeaderEdits } from './compile.ts';

const INTERNAL = /^\$[gawe]/;

export function buildProjection(
  items: OutputItem[],
  base: CompileOptions,
  relColumns: (string[] | undefined)[] = [],
): RecordMapper {
  const headerEdits: HeaderEdits = { edits: [] };
  const opts: CompileOptions = { ...base, headerEdits };
  if (items.length === 1 && items[0].kind === 'star' && items[0].rel === null) {
    return (r) => {
      const parts = (r as InternalRecord).parts;
      if (!parts && !hasInternal(r)) return r;
      return finish(r, starFields(r, null, relColumns), headerEdits);
    };
  }
  const names: string[] = [];
  const evals: (Compiled | null)[] = [];
  const stars: (number | null)[] = [];
  for (const it of items) {
    if (it.kind === 'expr') {
      names.push(it.name);
      evals.push(compileExpr(it.expr, opts));
      stars.push(null);
    } else {
      names.push('');
      evals.push(null);
      stars.push(it.rel);
    }
  }
  const n = names.length;
  const usesHeaders = JSON.stringify(items, (_k, v) => (typeof v === 'bigint' ? 0 : v)).includes(
    '"k":"header"',
  );
  const build = stars.every((_x, i) => evals[i] !== null)
    ? literalBuilder(names, evals as Compiled[])
    : null;
  if (build) {
    return (r) => {
      if (usesHeaders) headerEdits.edits.length = 0;
      return finish(r, build(r), usesHeaders ? headerEdits : null);
    };
  }
  return (r) => {
    if (usesHeaders) headerEdits.edits.length = 0;
    const fields: Record<string, Value> = {};
    for (let i = 0; i < n; i++) {
      const f = evals[i];
      if (f !== null) fields[names[i]] = f(r);
      else {
        const star = starFields(r, stars[i], relColumns);
        for (const k in star) if (!(k in fields)) fields[k] = star[k];
      }
    }
    return finish(r, fields, usesHeaders ? headerEdits : null);
  };
}

/**
 * Builds the output fields with an object literal of constant keys, so every output row shares
 * one hidden class (several times faster than adding keys in a loop). Falls back to the loop
 * where code generation is not allowed (strict CSP).
 */
function literalBuilder(
  names: string[],
  evals: Compiled[],
): ((r: EngineRecord) => Record<string, Value>) | null {
  if (new Set(names).size !== names.length || names.some((n) => n === '__proto__')) return null;
  const body = names.map((n, i) => `${JSON.stringify(n)}: e${i}(r)`).join(', ');
  const params = names.map((_, i) => `e${i}`);
  try {
    const factory = new Function(...params, `'use strict'; return (r) => ({ ${body} });`);
    return factory(...evals) as (r: EngineRecord) => Record<string, Value>;
  } catch {
    return null;
  }
}

function hasInternal(r: EngineRecord): boolean {
  for (const k in r.fields) if (k.charCodeAt(0) === 36 && INTERNAL.test(k)) return true;
  return false;
}

function starFields(
  r: EngineRecord,
  rel: number | null,
  relColumns: (string[] | undefined)[],
): Record<string, Value> {
  const parts = (r as InternalRecord).parts;
  const out: Record<string, Value> = {};
  const copy = (src: Record<string, Value>) => {
    for (const k in src) {
      if (k.charCodeAt(0) === 36 && INTERNAL.test(k)) continue;
      if (!(k in out)) out[k] = src[k];
    }
  };
  if (!parts) {
    if (rel === null || rel === 0) copy(r.fields);
    return out;
  }
  const nulls = (i: number) => {
    for (const c of relColumns[i] ?? []) if (!(c in out)) out[c] = null;
  };
  if (rel !== null) {
    const p = parts[rel];
    if (p) copy(p.fields);
    else nulls(rel);
    return out;
  }
  parts.forEach((p, i) => {
    if (p) copy(p.fields);
    else nulls(i);
  });
  return out;
}

function finish(
  r: EngineRecord,
  fields: Record<string, Value>,
  edits: HeaderEdits | null,
): EngineRecord {
  let headers = r.headers;
  if (edits && edits.edits.length > 0) {
    headers = { ...(headers ?? {}) };
    for (const [k, v] of edits.edits) {
      if (v === null) delete headers[k];
      else headers[k] = v;
    }
  }
  // One object shape for every output record keeps downstream property access monomorphic.
  const out: InternalRecord = {
    fields,
    eventTime: r.eventTime,
    timestamp: r.timestamp,
    key: r.key,
    headers,
  };
  const upsert = (r as InternalRecord).upsertKey;
  if (upsert !== undefined) out.upsertKey = upsert;
  return out;
}
