/** Window functions OVER (…): one `OverPlan` per distinct window specification. */

import { isAggregateFunction } from '../functions/aggregates.ts';
import { frameDependent } from '../operators/over-frame.ts';
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
    const orderBy = over.orderBy.map((o) => ({
      expr: translate(o.expr, ctx),
      desc: o.direction === 'DESC',
      nullsFirst: o.nulls === 'FIRST',
    }));
    const frame = frameOf(call);
    const key = JSON.stringify([
      partitionBy.map(exprKey),
      orderBy.map((o) => [exprKey(o.expr), o.desc, o.nullsFirst]),
      frame,
    ]);
    let i = keys.indexOf(key);
    if (i < 0) {
      keys.push(key);
      plans.push({ partitionBy, orderBy, frame, functions: [], maxLag: 1 });
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
    if (plans[i].orderBy.length > 0 && boundedCalls.has(call)) plans[i].wholePartition = true;
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
    // Without ORDER BY every row is a peer: a RANGE frame (the default one too) is the whole
    // partition, so aggregates and FIRST/LAST/NTH_VALUE give every row the partition's value
    // (the analyzer refuses this on an unbounded input).
    if (
      plan.orderBy.length === 0 &&
      plan.frame.unit === 'range' &&
      plan.functions.some((f) => frameDependent(f.name))
    )
      plan.wholePartition = true;
    if (reordered && plan.orderBy.length > 0) plan.wholePartition = true;
    if (needsWholePartition(plan)) reordered = true;
  }
  return plans;
}

const DISTRIBUTION_FUNCTIONS = new Set(['PERCENT_RANK', 'CUME_DIST', 'NTILE']);

function needsWholePartition(plan: OverPlan): boolean {
  return (
    plan.wholePartition === true ||
    plan.orderBy[0]?.desc === true ||
    plan.frame.end.type === 'unbounded_following' ||
    plan.functions.some((f) => DISTRIBUTION_FUNCTIONS.has(f.name) || f.ignoreNulls === true)
  );
}

function frameOf(call: FunctionCall): FrameSpec {
  const f = call.over!.frame;
  // SQL's default frame; without ORDER BY every row is a peer of the current one.
  if (!f)
    return { unit: 'range', start: { type: 'unbounded_preceding' }, end: { type: 'current' } };
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
