/** Window functions OVER (…): one `OverPlan` per distinct window specification. */

import { isAggregateFunction } from '../functions/aggregates.ts';
import type { FrameBound, FrameSpec } from '../operators/over-window.ts';
import type { FrameBound as AstBound, FunctionCall } from '../sql/ast.ts';
import { PlanError } from './errors.ts';
import type { OverPlan } from './program.ts';
import {
  aggregateArgument,
  exprKey,
  type OverCall,
  posOf,
  type TranslateContext,
  translate,
} from './translate.ts';

export function planOver(
  calls: OverCall[],
  outCtx: TranslateContext,
  boundedCalls: ReadonlySet<FunctionCall> = new Set(),
): OverPlan[] {
  const plans: OverPlan[] = [];
  const keys: string[] = [];
  // Partition/order/arguments are evaluated on the operator's input (the aggregate record
  // when the query aggregates).
  const ctx: TranslateContext = { ...outCtx, overs: null };
  for (const { call, field } of calls) {
    const over = call.over!;
    const partitionBy = over.partitionBy.map((e) => translate(e, ctx));
    const orderBy = over.orderBy.length > 0 ? translate(over.orderBy[0].expr, ctx) : null;
    const frame = frameOf(call, orderBy !== null);
    const direction = over.orderBy[0]?.direction ?? 'ASC';
    const nullsFirst = over.orderBy[0]?.nulls === 'FIRST';
    const key = JSON.stringify([
      partitionBy.map(exprKey),
      orderBy ? exprKey(orderBy) : null,
      direction,
      nullsFirst,
      frame,
    ]);
    let i = keys.indexOf(key);
    if (i < 0) {
      keys.push(key);
      const plan: OverPlan = {
        partitionBy,
        orderBy,
        orderDesc: direction === 'DESC',
        frame,
        functions: [],
        maxLag: 1,
      };
      if (nullsFirst) plan.nullsFirst = true;
      plans.push(plan);
      i = plans.length - 1;
    }
    // An aggregate over a window is fed what it is fed in GROUP BY (two arguments packed).
    const packed = isAggregateFunction(call.name)
      ? aggregateArgument(call, ctx, posOf(call.span))
      : null;
    const args = isAggregateFunction(call.name)
      ? packed
        ? [packed]
        : []
      : call.args.map((a) => translate(a, ctx));
    if (call.name === 'LAG' && call.args[1]) {
      const off = call.args[1];
      if (off.kind !== 'integer')
        throw new PlanError('LAG offset must be an integer literal', off.span);
      plans[i].maxLag = Math.max(plans[i].maxLag, Number(off.value));
    }
    // Over bounded inputs an ordered window sorts its complete partitions (a batch engine's
    // answer); on a stream, arrival order stands for event-time order and rows go out at once.
    if (plans[i].orderBy !== null && boundedCalls.has(call)) plans[i].wholePartition = true;
    plans[i].functions.push({
      name: call.name,
      args,
      argType: 'ANY',
      distinct: call.distinct,
      field,
      ...(call.ignoreNulls ? { ignoreNulls: true } : {}),
    });
  }
  // A whole-partition OVER emits its rows in its own order, so every later ordered OVER
  // (evaluated in arrival order otherwise) must order its partitions itself.
  let reordered = false;
  for (const plan of plans) {
    // IGNORE NULLS looks arbitrarily far back or ahead: evaluated over the whole partition.
    if (plan.functions.some((f) => f.ignoreNulls)) plan.wholePartition = true;
    if (reordered && plan.orderBy !== null) plan.wholePartition = true;
    if (needsWholePartition(plan)) reordered = true;
  }
  return plans;
}

const DISTRIBUTION_FUNCTIONS = new Set(['PERCENT_RANK', 'CUME_DIST', 'NTILE']);

function needsWholePartition(plan: OverPlan): boolean {
  return (
    plan.wholePartition === true ||
    (plan.orderDesc && plan.orderBy !== null) ||
    plan.frame.end.type === 'unbounded_following' ||
    plan.functions.some((f) => DISTRIBUTION_FUNCTIONS.has(f.name) || f.ignoreNulls === true)
  );
}

function frameOf(call: FunctionCall, ordered: boolean): FrameSpec {
  const f = call.over!.frame;
  if (!f) {
    return ordered
      ? { unit: 'range', start: { type: 'unbounded_preceding' }, end: { type: 'current' } }
      : { unit: 'rows', start: { type: 'unbounded_preceding' }, end: { type: 'current' } };
  }
  const unit = f.unit === 'ROWS' ? 'rows' : 'range';
  return { unit, start: bound(f.start, unit), end: bound(f.end, unit) };
}

function bound(b: AstBound, unit: 'rows' | 'range'): FrameBound {
  switch (b.type) {
    case 'UNBOUNDED_PRECEDING':
      return { type: 'unbounded_preceding' };
    case 'UNBOUNDED_FOLLOWING':
      return { type: 'unbounded_following' };
    case 'CURRENT_ROW':
      return { type: 'current' };
    default: {
      const o = b.offset;
      let n: number | null = null;
      if (o?.kind === 'integer') n = Number(o.value);
      else if (o?.kind === 'interval' && unit === 'range') n = o.ms;
      else if (o?.kind === 'decimal' && unit === 'range') n = Number(o.text);
      if (n === null || n < 0) {
        throw new PlanError(
          unit === 'rows'
            ? 'ROWS frame offsets must be non-negative integers'
            : 'RANGE frame offsets must be intervals or numbers',
          (o ?? b).span,
        );
      }
      return { type: b.type === 'PRECEDING' ? 'preceding' : 'following', offset: n };
    }
  }
}
