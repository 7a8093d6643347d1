import { describe, expect, it } from 'vitest';
import type { PositionedError } from '../exec/context.ts';
import type { PExpr } from '../plan/expr.ts';
import { Decimal } from '../types/decimal.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { compileExpr } from './compile.ts';

const lit = (value: Value): PExpr => ({ k: 'lit', value });
const col = (name: string): PExpr => ({ k: 'col', rel: null, name });
const T = lit(true);
const F = lit(false);
const N = lit(null);
const ev = (e: PExpr, fields: Record<string, Value> = {}, extra: Partial<EngineRecord> = {}) =>
  compileExpr(e, { nowMs: () => 0 })({ fields, eventTime: 0, ...extra });

describe('expression compiler', () => {
  it('three-valued AND / OR / NOT', () => {
    const and = (a: PExpr, b: PExpr): PExpr => ({ k: 'bin', op: 'AND', l: a, r: b });
    const or = (a: PExpr, b: PExpr): PExpr => ({ k: 'bin', op: 'OR', l: a, r: b });
    expect([
      ev(and(T, N)),
      ev(and(F, N)),
      ev(or(T, N)),
      ev(or(F, N)),
      ev({ k: 'not', e: N }),
    ]).toEqual([null, false, true, null, null]);
  });

  it('comparisons are exact across INTEGER and DECIMAL and NULL-propagating', () => {
    const eq = (a: PExpr, b: PExpr): PExpr => ({ k: 'bin', op: '=', l: a, r: b });
    expect(ev(eq(lit(1n), lit(Decimal.parse('1.00'))))).toBe(true);
    expect(ev(eq(lit(9007199254740993n), lit(9007199254740992n)))).toBe(false);
    expect(ev(eq(N, N))).toBe(null);
  });

  it('IN, BETWEEN, LIKE and CASE', () => {
    const inList: PExpr = { k: 'in', e: col('x'), list: [lit(1n), N], negated: false };
    expect([ev(inList, { x: 1n }), ev(inList, { x: 2n })]).toEqual([true, null]);
    const between: PExpr = { k: 'between', e: col('x'), lo: lit(1n), hi: lit(3n), negated: true };
    expect(ev(between, { x: 4n })).toBe(true);
    const like: PExpr = {
      k: 'like',
      e: col('s'),
      pattern: lit('a_c%'),
      escape: null,
      negated: false,
      ci: true,
    };
    expect([ev(like, { s: 'ABCdef' }), ev(like, { s: 'ac' })]).toEqual([true, false]);
    const kase: PExpr = {
      k: 'case',
      operand: col('x'),
      whens: [[lit(1n), lit('one')]],
      otherwise: lit('other'),
    };
    expect([ev(kase, { x: 1n }), ev(kase, { x: null })]).toEqual(['one', 'other']);
  });

  it('nested JSON access and array index', () => {
    const e: PExpr = { k: 'field', base: { k: 'field', base: col('p'), name: 'd' }, name: 'id' };
    expect(ev(e, { p: { d: { id: 7n } } })).toBe(7n);
    expect(ev(e, { p: 'text' })).toBe(null);
    expect(ev({ k: 'index', base: col('tags'), index: lit(1n) }, { tags: ['a', 'b'] })).toBe('b');
  });

  it('system columns read record metadata', () => {
    const sys = (name: '_key' | '_offset' | '_timestamp'): PExpr => ({ k: 'sys', rel: null, name });
    expect(ev(sys('_key'), {}, { key: 'k1' })).toBe('k1');
    expect(ev(sys('_offset'), {}, { offset: 42n })).toBe(42n);
    expect(ev(sys('_timestamp'), {}, { timestamp: 1000 })).toBe(1000n);
  });

  it('attaches the SQL position to the innermost failing node', () => {
    const div: PExpr = { k: 'bin', op: '/', l: lit(1n), r: col('x'), pos: { line: 3, column: 9 } };
    const outer: PExpr = { k: 'bin', op: '+', l: div, r: lit(1n), pos: { line: 3, column: 1 } };
    let err: (Error & PositionedError) | undefined;
    try {
      ev(outer, { x: 0n });
    } catch (e) {
      err = e as Error & PositionedError;
    }
    expect([err?.message, err?.sqlLine, err?.sqlColumn]).toEqual(['division by zero', 3, 9]);
  });
});
