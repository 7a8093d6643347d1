/**
 * Rule: WHERE conjuncts that only read the stream side of a stream–table join are evaluated
 * before the lookup (fewer lookups, fewer joined records). Valid for INNER and for LEFT joins,
 * whose preserved side is the stream, not for RIGHT/FULL (keepTable).
 */
import type { PExpr } from '../plan/expr.ts';
import type { Program, StatementPlan } from '../plan/program.ts';
import { Scope } from '../plan/scope.ts';
import { mapCols } from '../plan/translate.ts';

export function pushFilterBelowJoin(program: Program): Program {
  return { ...program, statements: program.statements.map(pushDown) };
}

function conjuncts(e: PExpr, out: PExpr[] = []): PExpr[] {
  if (e.k === 'bin' && e.op === 'AND') {
    conjuncts(e.l, out);
    conjuncts(e.r, out);
  } else out.push(e);
  return out;
}

function and(list: PExpr[]): PExpr | null {
  if (list.length === 0) return null;
  return list.reduce((a, b) => ({ k: 'bin', op: 'AND', l: a, r: b }));
}

function pushable(e: PExpr, streamRel: number): boolean {
  const json = JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? 0 : v));
  if (
    json.includes('"k":"subquery"') ||
    json.includes('"k":"header"') ||
    json.includes('"k":"slot"')
  ) {
    return false;
  }
  const rels = Scope.relationsOf(e);
  return rels.size > 0 && [...rels].every((r) => r === streamRel);
}

function pushDown(s: StatementPlan): StatementPlan {
  if (s.joins.length !== 1 || !s.where) return s;
  const join = s.joins[0];
  // RIGHT/FULL keep unmatched table rows: a stream row filtered early would leave its table
  // rows unmatched.
  if (join.strategy !== 'lookup' || join.keepTable) return s;
  const streamRel = 1 - join.tableSide;
  const keep: PExpr[] = [];
  const push: PExpr[] = [];
  for (const c of conjuncts(s.where)) (pushable(c, streamRel) ? push : keep).push(c);
  if (push.length === 0) return s;
  // Below the join the stream record is a plain record: its columns are read directly.
  const plain = push.map((c) => mapCols(c, (col) => ({ ...col, rel: null })));
  const prior = s.preFilter ? [s.preFilter] : [];
  return { ...s, where: and(keep), preFilter: and([...prior, ...plain]) };
}
