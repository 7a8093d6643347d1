/**
 * Instantiates a program's operators for one pipeline: sources, statement chains, tables and
 * the edges between them.
 */
import type { RuntimeContext } from '../exec/context.ts';
import { eventTimeAssigner } from '../exec/event-time.ts';
import {
  Fanout,
  type OutputBuffer,
  OutputTerminal,
  TableGate,
  TableTerminal,
} from '../exec/graph.ts';
import type { Downstream, Operator } from '../exec/operator.ts';
import type { BuiltGraph } from '../exec/pipeline.ts';
import { SourceNode, type SourceTiming } from '../exec/source-node.ts';
import { TableStore } from '../exec/table-store.ts';
import { type CompileOptions, compileExpr } from '../expr/compile.ts';
import { buildProjection } from '../expr/projection.ts';
import { GroupingSpec } from '../operators/aggregate-state.ts';
import { DistinctOperator } from '../operators/distinct.ts';
import { FilterOperator } from '../operators/filter.ts';
import { GroupAggregateOperator } from '../operators/group-aggregate.ts';
import { IntervalJoinOperator } from '../operators/interval-join.ts';
import { LimitOperator } from '../operators/limit.ts';
import { LookupJoinOperator } from '../operators/lookup-join.ts';
import { OverWindowOperator } from '../operators/over-window.ts';
import { ProjectOperator } from '../operators/project.ts';
import { SessionAggregateOperator } from '../operators/session-aggregate.ts';
import { SetOperationOperator } from '../operators/set-operation.ts';
import { SortOperator } from '../operators/sort.ts';
import { WindowAggregateOperator } from '../operators/window-aggregate.ts';
import type { PExpr } from './expr.ts';
import type { Program, RelationInput, SourceDecl, StatementPlan } from './program.ts';
import { mapCols } from './translate.ts';

interface StatementInstance {
  plan: StatementPlan;
  /** The operator chain, first to last. */
  ops: Operator[];
  /** Gates holding stream inputs until the statement's tables are loaded (one per input). */
  gates: TableGate[];
  out: Fanout;
  /** Where each relation's records enter (null for a relation read as a table). */
  entry: ({ op: Operator; port: number } | null)[];
  timing: SourceTiming;
}

export function buildGraph(
  program: Program,
  ctx: RuntimeContext,
  onTableLoaded: () => void,
): BuiltGraph {
  const tables = new Map<string, TableStore>();
  for (const t of program.tables) tables.set(t.name, new TableStore(t.name));
  const copts: CompileOptions = { nowMs: ctx.nowMs, tables };
  const compile = (e: PExpr) => compileExpr(e, copts);

  const operators: Operator[] = [];
  const gates: TableGate[] = [];
  const outputs: OutputBuffer[] = [];
  const statements: StatementInstance[] = program.statements.map((plan) => {
    const inst = buildStatement(plan, ctx, copts, compile, tables);
    gates.push(...inst.gates);
    operators.push(...inst.gates, ...inst.ops);
    const buffer: OutputBuffer = { sink: plan.sink, columns: plan.columns, records: [], count: 0 };
    outputs.push(buffer);
    if (!plan.internal) inst.out.terminals.push(new OutputTerminal(buffer));
    return inst;
  });

  // Which fanout feeds each input.
  const sourceFanouts = new Map<string, Fanout>();
  const fanoutOf = (input: RelationInput): Fanout => {
    if (input.kind === 'statement') return statements[input.statement].out;
    let f = sourceFanouts.get(input.sourceId);
    if (!f) {
      f = new Fanout();
      sourceFanouts.set(input.sourceId, f);
    }
    return f;
  };

  for (const t of program.tables) {
    fanoutOf(t.input).terminals.push(new TableTerminal(tables.get(t.name)!, onTableLoaded));
  }
  const timing = new Map<string, SourceTiming>();
  const need = (sourceId: string, t: SourceTiming) => {
    if (TIMING_RANK[t] > TIMING_RANK[timing.get(sourceId) ?? 'none']) timing.set(sourceId, t);
  };
  for (const inst of statements) {
    inst.plan.relations.forEach((rel, i) => {
      const entry = inst.entry[i];
      if (entry === null) return;
      fanoutOf(rel.input).targets.push(entry);
      if (rel.input.kind === 'source') need(rel.input.sourceId, inst.timing);
    });
  }
  // Statements downstream of a time-sensitive statement need exact watermarks too.
  for (const inst of statements) {
    if (inst.timing === 'none') continue;
    for (const rel of inst.plan.relations) {
      if (rel.input.kind === 'statement') {
        const upstream = new Set<string>();
        markSources(program, rel.input.statement, upstream);
        for (const id of upstream) need(id, 'exact');
      }
    }
  }

  const sources = new Map<string, SourceNode>();
  for (let decl of program.sources) {
    // A source read only as a table needs no event time: it is not windowed or watermarked.
    const fanout = fanoutOf({ kind: 'source', sourceId: decl.id });
    if (fanout.targets.length === 0 && decl.eventTime.field !== undefined) {
      decl = { ...decl, eventTime: { format: decl.eventTime.format } };
    }
    sources.set(
      decl.id,
      createSource(
        decl,
        fanoutOf({ kind: 'source', sourceId: decl.id }),
        timing.get(decl.id) ?? 'none',
        ctx,
      ),
    );
  }
  for (const inst of statements) wire(inst);
  // Statements without FROM evaluate once, over one empty row (after the tables their
  // subqueries read are loaded).
  for (const inst of statements) {
    if (inst.plan.relations.length > 0) continue;
    const first = inst.gates[0] ?? inst.ops[0];
    first.processBatch([{ fields: {}, eventTime: 0 }], 0);
    first.onWatermark(Number.POSITIVE_INFINITY, 0);
    first.onEnd(0);
  }
  const limits = statements.map((s) => {
    const last = s.ops[s.ops.length - 1];
    return last instanceof LimitOperator ? last : null;
  });
  const tableOrigins = new Map<TableStore, Set<string>>();
  for (const t of program.tables) {
    const origins = new Set<string>();
    if (t.input.kind === 'source') origins.add(t.input.sourceId);
    else markSources(program, t.input.statement, origins);
    tableOrigins.set(tables.get(t.name)!, origins);
  }
  return {
    sources,
    operators,
    tables: [...tables.values()],
    gates,
    outputs,
    limits,
    tableOrigins,
    statementOperators: statements.map((s) => [...s.gates, ...s.ops]),
  };
}

function markSources(program: Program, statement: number, out: Set<string>): void {
  for (const rel of program.statements[statement].relations) {
    if (rel.input.kind === 'source') out.add(rel.input.sourceId);
    else markSources(program, rel.input.statement, out);
  }
}

function createSource(
  decl: SourceDecl,
  out: Fanout,
  timing: SourceTiming,
  ctx: RuntimeContext,
): SourceNode {
  return new SourceNode(
    decl.id,
    eventTimeAssigner(decl.eventTime, ctx.nowMs),
    decl.watermarkDelay,
    out,
    timing,
    ctx,
  );
}

function wire(inst: StatementInstance): void {
  const ops = inst.ops;
  for (let i = 0; i < ops.length; i++) {
    const next = i + 1 < ops.length ? ops[i + 1] : null;
    ops[i].onStart(next ? portOf(next, 0) : inst.out);
  }
}

function portOf(op: Operator, port: number): Downstream {
  return {
    push: (r) => op.processBatch(r, port),
    watermark: (ms) => op.onWatermark(ms, port),
    end: () => op.onEnd(port),
  };
}

function buildStatement(
  plan: StatementPlan,
  ctx: RuntimeContext,
  copts: CompileOptions,
  compile: (e: PExpr) => ReturnType<typeof compileExpr>,
  tables: Map<string, TableStore>,
): StatementInstance {
  const ops: Operator[] = [];
  const src = plan.primarySource;
  const entry: ({ op: Operator; port: number } | null)[] = plan.relations.map(() => null);
  const first = plan.joins[0];
  // The stream entering the chain: relation 0, or relation 1 for `FROM table JOIN stream`.
  const chainRel = first?.strategy === 'lookup' && first.tableSide === 0 ? 1 : 0;
  if (plan.setOperation) {
    const [left, right] = plan.relations;
    const op = new SetOperationOperator({
      ...plan.setOperation,
      leftColumns: left.columns ?? null,
      rightColumns: right.columns ?? null,
    });
    ops.push(op);
    entry[1] = { op, port: 1 };
  }
  if (plan.preFilter) {
    ops.push(new FilterOperator(compile(plan.preFilter), 'WHERE (before join)', src, ctx));
  }
  const keys = (list: PExpr[], rel: number | null) =>
    list.map((e) => compileExpr(rel === null ? e : tableSideExpr(e, rel), copts));
  for (const join of plan.joins) {
    const k = join.relation;
    if (join.strategy === 'lookup') {
      const tableFirst = join.tableSide === 0;
      ops.push(
        new LookupJoinOperator({
          table: tables.get(join.table!)!,
          joinType: join.type === 'left' ? 'left' : 'inner',
          keepUnmatchedTable: join.keepTable === true,
          // The stream side is the chain's record (joined so far), or relation 1 alone.
          streamKeys: tableFirst ? keys(join.rightKeys, 1) : keys(join.leftKeys, null),
          tableKeys: tableFirst ? keys(join.leftKeys, 0) : keys(join.rightKeys, k),
          residual: join.residual ? compile(join.residual) : null,
          streamFirst: !tableFirst,
          tableRelation: join.tableSide,
          sourceId: src,
          ctx,
        }),
      );
    } else {
      const op = new IntervalJoinOperator({
        joinType: join.type,
        leftKeys: keys(join.leftKeys, null),
        rightKeys: keys(join.rightKeys, k),
        lower: join.lower,
        upper: join.upper,
        matchOnEventTime: join.boundOnEventTime !== false,
        residual: join.residual ? compile(join.residual) : null,
        rightRelation: k,
        sourceIds: [sourceIdOf(plan, 0), sourceIdOf(plan, k)],
        ctx,
      });
      ops.push(op);
      entry[k] = { op, port: 1 };
    }
  }
  if (plan.where) ops.push(new FilterOperator(compile(plan.where), 'WHERE', src, ctx));
  let timing: SourceTiming = plan.joins.some((j) => j.strategy === 'interval')
    ? innerIntervalJoinOfTwoSources(plan)
      ? 'late'
      : 'exact'
    : 'none';
  const agg = plan.aggregate;
  if (agg) {
    const grouping = new GroupingSpec(
      agg.keys.map(compile),
      agg.aggregates.map((a) => ({
        name: a.name,
        arg: a.arg ? compile(a.arg) : null,
        argType: a.argType,
        distinct: a.distinct,
        ...(a.order ? { order: a.order } : {}),
      })),
    );
    const late = plan.latePolicy;
    if (!agg.window) {
      ops.push(new GroupAggregateOperator({ grouping, emit: agg.emit, sourceId: src, ctx }));
    } else if (agg.window.kind === 'session') {
      timing = 'exact';
      ops.push(
        new SessionAggregateOperator({
          grouping,
          gap: agg.window.gap,
          emit: agg.emit,
          sourceId: src,
          latePolicy: late,
          ctx,
        }),
      );
    } else {
      timing = 'exact';
      ops.push(
        new WindowAggregateOperator({
          grouping,
          window: agg.window,
          emit: agg.emit,
          sourceId: src,
          latePolicy: late,
          ctx,
        }),
      );
    }
  }
  if (plan.having) ops.push(new FilterOperator(compile(plan.having), 'HAVING', src, ctx));
  for (const o of plan.over) {
    ops.push(
      new OverWindowOperator({
        partitionBy: o.partitionBy.map(compile),
        orderBy: o.orderBy.map((k) => ({ ...k, expr: compile(k.expr) })),
        wholePartition: o.wholePartition,
        frame: o.frame,
        functions: o.functions.map((f) => ({ ...f, args: f.args.map(compile) })),
        maxLag: o.maxLag,
        sourceId: src,
        ctx,
      }),
    );
  }
  const relColumns = plan.relations.map((r) => r.columns);
  ops.push(
    new ProjectOperator(buildProjection(plan.output, copts, relColumns), plan.columns, src, ctx),
  );
  if (plan.distinct) ops.push(new DistinctOperator());
  if (plan.orderBy) ops.push(new SortOperator(plan.orderBy, plan.limit));
  if (plan.limit !== null) ops.push(new LimitOperator(plan.limit));
  if (plan.relations.length > 0) entry[chainRel] = { op: ops[0], port: 0 };
  // Stream inputs wait until the tables the statement reads are loaded.
  const gates: TableGate[] = [];
  if (plan.tables.length > 0 && plan.relations.length === 0) {
    const gate = new TableGate(
      plan.tables.map((t) => tables.get(t)!),
      1,
    );
    gate.onStart(portOf(ops[0], 0));
    gates.push(gate);
  }
  if (plan.tables.length > 0) {
    entry.forEach((target, i) => {
      if (target === null) return;
      const gate = new TableGate(
        plan.tables.map((t) => tables.get(t)!),
        1,
      );
      gate.onStart(portOf(target.op, target.port));
      gates.push(gate);
      entry[i] = { op: gate, port: 0 };
    });
  }
  return { plan, ops, gates, out: new Fanout(), entry, timing };
}

const TIMING_RANK: Record<SourceTiming, number> = { none: 0, late: 1, exact: 2 };

/**
 * `FROM a JOIN b ON … <time bound on event time>`, INNER, over two different sources: its
 * output depends on watermarks between records only through late records (SourceTiming 'late').
 * Outer joins emit unmatched rows on watermarks, and a self-join interleaves its two inputs, so
 * both keep exact watermarks.
 */
function innerIntervalJoinOfTwoSources(plan: StatementPlan): boolean {
  if (plan.joins.length !== 1 || plan.relations.length !== 2) return false;
  const j = plan.joins[0];
  if (j.strategy !== 'interval' || j.type !== 'inner' || j.boundOnEventTime === false) return false;
  const [a, b] = plan.relations.map((r) => r.input);
  return a.kind === 'source' && b.kind === 'source' && a.sourceId !== b.sourceId;
}

/** Join key expressions of one side are evaluated on that side's plain record. */
function tableSideExpr(e: PExpr, rel: number): PExpr {
  return rewriteRel(e, rel);
}

function rewriteRel(e: PExpr, rel: number): PExpr {
  return mapCols(e, (c) => (c.rel === rel ? { ...c, rel: null } : c));
}

function sourceIdOf(plan: StatementPlan, rel: number): string {
  const input = plan.relations[rel]?.input;
  return input?.kind === 'source' ? input.sourceId : plan.primarySource;
}
