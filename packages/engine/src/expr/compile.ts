/**
 * Compiles planner expressions to closures over a record, once per pipeline. Closures that can
 * fail (division, casts, functions, type errors) attach their SQL position to the error so the
 * dead letter says where in the query the record failed.
 */
import type { PositionedError } from '../exec/context.ts';
import type { InternalRecord } from '../exec/record.ts';
import type { TableStore } from '../exec/table-store.ts';
import { like, likeToRegExp } from '../functions/like.ts';
import { type EvalContext, getScalarFunction } from '../functions/registry.ts';
import type { PExpr, SqlPos } from '../plan/expr.ts';
import { add, div, mod, mul, neg, sub } from '../types/arithmetic.ts';
import { castValue, valueToText } from '../types/cast.ts';
import { compareValues, hashKey, valuesEqual } from '../types/compare.ts';
import { Decimal, isDecimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import { type EngineRecord, Timestamp, type Value } from '../types/value.ts';
import { compileHeader } from './headers.ts';
import { compileSubquery } from './subquery.ts';

export type Compiled = (record: EngineRecord) => Value;

/** Per-projection state for SET_HEADER / REMOVE_HEADER, applied to the output record. */
export interface HeaderEdits {
  edits: [string, string | null][];
}

export interface CompileOptions {
  nowMs: () => number;
  tables?: Map<string, TableStore>;
  headerEdits?: HeaderEdits;
}

export function annotate(e: unknown, pos: SqlPos | undefined): unknown {
  if (pos && e instanceof Error) {
    const p = e as Error & PositionedError;
    if (p.sqlLine === undefined && e instanceof EvaluationError) {
      p.sqlLine = pos.line;
      p.sqlColumn = pos.column;
    }
  }
  return e;
}

function guard(f: Compiled, pos: SqlPos | undefined): Compiled {
  if (!pos) return f;
  return (r) => {
    try {
      return f(r);
    } catch (e) {
      throw annotate(e, pos);
    }
  };
}

export function compileExpr(expr: PExpr, opts: CompileOptions): Compiled {
  return new ExprCompiler(opts).compile(expr);
}

const nullish = (v: Value | undefined): Value => (v === undefined ? null : v);

class ExprCompiler {
  constructor(private readonly opts: CompileOptions) {}

  compile(e: PExpr): Compiled {
    switch (e.k) {
      case 'lit': {
        const v = e.value;
        return () => v;
      }
      case 'col':
        return columnAccessor(e.rel, e.name);
      case 'sys':
        return systemAccessor(e.rel, e.name);
      case 'slot': {
        const f = e.field;
        return (r) => nullish(r.fields[f]);
      }
      case 'window_bound': {
        const f = e.which === 'start' ? '$ws' : '$we';
        return (r) => {
          const v = r.fields[f];
          return typeof v === 'number' ? new Timestamp(v) : null;
        };
      }
      case 'field': {
        const base = this.compile(e.base);
        const name = e.name;
        return (r) => {
          const b = base(r);
          if (b === null || typeof b !== 'object' || Array.isArray(b)) return null;
          if (b instanceof Timestamp || 'unscaled' in b) return null;
          return nullish((b as Record<string, Value>)[name]);
        };
      }
      case 'index': {
        const base = this.compile(e.base);
        const index = this.compile(e.index);
        return (r) => {
          const b = base(r);
          const i = index(r);
          if (b === null || i === null) return null;
          if (Array.isArray(b)) {
            const n = typeof i === 'bigint' ? Number(i) : typeof i === 'number' ? i : Number.NaN;
            return nullish(b[n]);
          }
          if (typeof b === 'object' && typeof i === 'string') {
            return nullish((b as Record<string, Value>)[i]);
          }
          return null;
        };
      }
      case 'bin': {
        if (e.op === '*') {
          // `price * 0.908`: INTEGER × DECIMAL literal without the generic dispatch.
          const lit =
            e.r.k === 'lit' && isDecimal(e.r.value)
              ? e.r.value
              : e.l.k === 'lit' && isDecimal(e.l.value)
                ? e.l.value
                : null;
          if (lit !== null) {
            const litLeft = !(e.r.k === 'lit' && e.r.value === lit);
            const other = this.compile(litLeft ? e.r : e.l);
            const { unscaled, scale } = lit;
            const pos = e.pos;
            return (x) => {
              const v = other(x);
              if (typeof v === 'bigint') return new Decimal(v * unscaled, scale);
              try {
                return litLeft ? mul(lit, v) : mul(v, lit);
              } catch (err) {
                throw annotate(err, pos);
              }
            };
          }
        }
        return this.binary(e.op, this.compile(e.l), this.compile(e.r), e.pos);
      }
      case 'not': {
        const x = this.compile(e.e);
        return (r) => {
          const v = x(r);
          return v === null ? null : !truthy(v, e.pos);
        };
      }
      case 'neg': {
        const x = this.compile(e.e);
        return guard((r) => neg(x(r)), e.pos);
      }
      case 'isnull': {
        const x = this.compile(e.e);
        return e.negated ? (r) => x(r) !== null : (r) => x(r) === null;
      }
      case 'between': {
        const x = this.compile(e.e);
        const lo = this.compile(e.lo);
        const hi = this.compile(e.hi);
        const negated = e.negated;
        return guard((r) => {
          const v = x(r);
          const a = lo(r);
          const b = hi(r);
          if (v === null) return null;
          // Three-valued AND of `v >= a` and `v <= b`: one known FALSE decides it.
          const ge = a === null ? null : compareValues(v, a) >= 0;
          const le = b === null ? null : compareValues(v, b) <= 0;
          const inside =
            ge === false || le === false ? false : ge === null || le === null ? null : true;
          return inside === null ? null : negated ? !inside : inside;
        }, e.pos);
      }
      case 'in': {
        const x = this.compile(e.e);
        const list = e.list.map((i) => this.compile(i));
        const negated = e.negated;
        const constant = e.list.every((i) => i.k === 'lit');
        if (constant && list.length > 4) {
          const set = new Set<string>();
          let hasNull = false;
          for (const i of e.list) {
            const v = (i as { value: Value }).value;
            if (v === null) hasNull = true;
            else set.add(hashKey([v]));
          }
          return (r) => {
            const v = x(r);
            if (v === null) return null;
            if (set.has(hashKey([v]))) return !negated;
            return hasNull ? null : negated;
          };
        }
        return guard((r) => {
          const v = x(r);
          if (v === null) return null;
          let sawNull = false;
          for (const f of list) {
            const w = f(r);
            if (w === null) sawNull = true;
            else if (valuesEqual(v, w)) return !negated;
          }
          return sawNull ? null : negated;
        }, e.pos);
      }
      case 'like': {
        const x = this.compile(e.e);
        const p = this.compile(e.pattern);
        const esc = e.escape ? this.compile(e.escape) : null;
        const { negated, ci } = e;
        if (e.pattern.k === 'lit' && typeof e.pattern.value === 'string' && !esc) {
          const re = likeToRegExp(e.pattern.value, '\\', ci);
          return (r) => {
            const v = x(r);
            if (v === null) return null;
            const m = re.test(typeof v === 'string' ? v : valueToText(v));
            return negated ? !m : m;
          };
        }
        return guard((r) => {
          const v = x(r);
          const pat = p(r);
          if (v === null || pat === null) return null;
          const escapeChar = esc ? esc(r) : null;
          let text = typeof v === 'string' ? v : valueToText(v);
          let pattern = typeof pat === 'string' ? pat : valueToText(pat);
          if (ci) {
            text = text.toLowerCase();
            pattern = pattern.toLowerCase();
          }
          const m = like(text, pattern, typeof escapeChar === 'string' ? escapeChar : undefined);
          return negated ? !m : m;
        }, e.pos);
      }
      case 'case':
        return this.caseExpr(e);
      case 'cast': {
        const x = this.compile(e.e);
        const { type, scale, precision } = e;
        if (e.try) {
          return (r) => {
            const v = x(r);
            try {
              return castValue(v, type, scale, precision);
            } catch (err) {
              if (err instanceof EvaluationError) return null;
              throw err;
            }
          };
        }
        return guard((r) => castValue(x(r), type, scale, precision), e.pos);
      }
      case 'call':
        return this.call(e.name, e.args, e.pos);
      case 'header':
        return this.header(
          e.fn,
          e.args.map((a) => this.compile(a)),
        );
      case 'subquery':
        return this.subquery(e);
    }
  }

  private binary(op: string, l: Compiled, r: Compiled, pos: SqlPos | undefined): Compiled {
    switch (op) {
      case 'AND':
        return (x) => {
          const a = l(x);
          if (a === false) return false;
          const b = r(x);
          if (b === false) return false;
          if (a === null || b === null) return null;
          return truthy(a, pos) && truthy(b, pos);
        };
      case 'OR':
        return (x) => {
          const a = l(x);
          if (a === true) return true;
          const b = r(x);
          if (b === true) return true;
          if (a === null || b === null) return null;
          return truthy(a, pos) || truthy(b, pos);
        };
      case '=':
        return guard((x) => {
          const a = l(x);
          const b = r(x);
          if (a === null || b === null) return null;
          if (typeof a === 'string' && typeof b === 'string') return a === b;
          return valuesEqual(a, b);
        }, pos);
      case '<>':
        return guard((x) => {
          const a = l(x);
          const b = r(x);
          if (a === null || b === null) return null;
          if (typeof a === 'string' && typeof b === 'string') return a !== b;
          return !valuesEqual(a, b);
        }, pos);
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const test =
          op === '<'
            ? (c: number) => c < 0
            : op === '<='
              ? (c: number) => c <= 0
              : op === '>'
                ? (c: number) => c > 0
                : (c: number) => c >= 0;
        return guard((x) => {
          const a = l(x);
          const b = r(x);
          if (a === null || b === null) return null;
          return test(compareValues(a, b));
        }, pos);
      }
      case '||':
        return guard((x) => {
          const a = l(x);
          const b = r(x);
          if (a === null || b === null) return null;
          return (
            (typeof a === 'string' ? a : valueToText(a)) +
            (typeof b === 'string' ? b : valueToText(b))
          );
        }, pos);
      default: {
        const f = op === '+' ? add : op === '-' ? sub : op === '*' ? mul : op === '/' ? div : mod;
        if (!pos) return (x) => f(l(x), r(x));
        return (x) => {
          try {
            return f(l(x), r(x));
          } catch (e) {
            throw annotate(e, pos);
          }
        };
      }
    }
  }

  private caseExpr(e: Extract<PExpr, { k: 'case' }>): Compiled {
    const operand = e.operand ? this.compile(e.operand) : null;
    const whens = e.whens.map(([c, v]) => [this.compile(c), this.compile(v)] as const);
    const otherwise = e.otherwise ? this.compile(e.otherwise) : () => null;
    const pos = e.pos;
    if (operand) {
      return guard((r) => {
        const o = operand(r);
        for (const [c, v] of whens) {
          const w = c(r);
          if (o !== null && w !== null && valuesEqual(o, w)) return v(r);
        }
        return otherwise(r);
      }, pos);
    }
    return (r) => {
      for (const [c, v] of whens) if (c(r) === true) return v(r);
      return otherwise(r);
    };
  }

  private call(name: string, argExprs: PExpr[], pos: SqlPos | undefined): Compiled {
    const upper = name.toUpperCase();
    const fn = getScalarFunction(upper);
    if (!fn) throw new Error(`unknown function ${upper}`);
    const args = argExprs.map((a) => this.compile(a));
    const ctx: EvalContext = { record: { fields: {}, eventTime: 0 }, nowMs: 0 };
    const nowMs = this.opts.nowMs;
    const n = args.length;
    return (r) => {
      const vals: Value[] = new Array(n);
      for (let i = 0; i < n; i++) vals[i] = args[i](r);
      ctx.record = r;
      ctx.nowMs = nowMs();
      try {
        return fn.evaluate(vals, ctx);
      } catch (e) {
        throw annotate(e, pos);
      }
    };
  }

  private header(fn: string, args: Compiled[]): Compiled {
    return compileHeader(fn, args, this.opts.headerEdits);
  }

  private subquery(e: Extract<PExpr, { k: 'subquery' }>): Compiled {
    const table = this.opts.tables?.get(e.table);
    if (!table) throw new Error(`table ${e.table} is not materialized`);
    return compileSubquery(e, table, (x) => this.compile(x));
  }
}

function truthy(v: Value, pos: SqlPos | undefined): boolean {
  if (typeof v === 'boolean') return v;
  throw annotate(new EvaluationError(`expected BOOLEAN, got ${valueToText(v)}`), pos);
}

/**
 * Column access. Generated per column where allowed, so each accessor has its own inline cache
 * for a constant property name (a shared closure would make every field load megamorphic).
 */
function columnAccessor(rel: number | null, name: string): Compiled {
  if (name !== '__proto__') {
    const key = JSON.stringify(name);
    const body =
      rel === null
        ? `const v = r.fields[${key}]; if (v !== undefined) return v;
           const parts = r.parts; if (parts) { for (let i = 0; i < parts.length; i++) {
             const p = parts[i]; if (p) { const w = p.fields[${key}]; if (w !== undefined) return w; } } }
           return null;`
        : `const parts = r.parts; const p = parts ? parts[${rel}] : ${rel === 0 ? 'r' : 'null'};
           if (!p) return null; const v = p.fields[${key}]; return v === undefined ? null : v;`;
    try {
      return new Function(`'use strict'; return (r) => { ${body} };`)() as Compiled;
    } catch {
      // Code generation disabled (strict CSP): fall through to closures.
    }
  }
  if (rel === null) {
    return (r) => {
      const v = r.fields[name];
      if (v !== undefined) return v;
      const parts = (r as InternalRecord).parts;
      if (parts) {
        for (const p of parts) {
          if (!p) continue;
          const w = p.fields[name];
          if (w !== undefined) return w;
        }
      }
      return null;
    };
  }
  return (r) => {
    const parts = (r as InternalRecord).parts;
    const p = parts ? parts[rel] : rel === 0 ? r : null;
    if (!p) return null;
    return nullish(p.fields[name]);
  };
}

function systemAccessor(rel: number | null, name: string): Compiled {
  const pick = (r: EngineRecord): EngineRecord | null => {
    if (rel === null) return r;
    const parts = (r as InternalRecord).parts;
    return parts ? parts[rel] : rel === 0 ? r : null;
  };
  return (r0) => {
    const r = pick(r0);
    if (!r) return null;
    const own = r.fields[name];
    if (own !== undefined) return own;
    switch (name) {
      case '_timestamp':
        return r.timestamp === undefined ? null : BigInt(Math.trunc(r.timestamp));
      case '_event_time':
        return BigInt(Math.trunc(r.eventTime));
      case '_offset':
        return r.offset === undefined ? null : r.offset;
      case '_partition':
        return r.partition === undefined ? null : BigInt(r.partition);
      case '_key':
        return r.key === undefined ? null : r.key;
      case '_window_start': {
        const v = r.fields.$ws;
        return typeof v === 'number' ? BigInt(v) : null;
      }
      case '_window_end': {
        const v = r.fields.$we;
        return typeof v === 'number' ? BigInt(v) : null;
      }
      default:
        return null;
    }
  };
}
