/**
 * A running instance of a compiled program: sources in, sink outputs and dead letters out,
 * snapshot/restore of every operator's state.
 */
import type { EngineRecord } from '../types/value.ts';
import { createRuntimeContext, type DeadLetter, type RuntimeContext } from './context.ts';
import type { OutputBuffer, TableGate } from './graph.ts';
import type { Operator } from './operator.ts';
import { instrumentOperators, type OperatorMetrics } from './operator-metrics.ts';
import type { SourceNode } from './source-node.ts';
import type { TableStore } from './table-store.ts';

export interface BuiltGraph {
  sources: Map<string, SourceNode>;
  /** Every operator, in a stable order (snapshots are positional). */
  operators: Operator[];
  tables: TableStore[];
  gates: TableGate[];
  outputs: OutputBuffer[];
  /** Per statement, its LIMIT operator (null when unlimited). */
  limits: ({ exhausted: boolean } | null)[];
  /** The external sources each materialized table is derived from. */
  tableOrigins: Map<TableStore, Set<string>>;
  /** Each statement's operator chain, in order (for explain). */
  statementOperators: Operator[][];
}

export interface PipelineOutput {
  sink: string;
  columns: string[];
  records: EngineRecord[];
}

export interface PipelineMetrics {
  recordsIn: number;
  recordsOut: number;
  late: number;
  failed: number;
  stateEntries: number;
  /** Lowest source watermark in epoch ms; null before any event time is known. */
  watermark: number | null;
}

export interface PipelineOptions {
  /** Clock for processing time and NOW(); defaults to Date.now. */
  nowMs?: () => number;
  /** Count records in/out and busy time per operator (`operatorMetrics()`); costs two clock reads per call. */
  operatorMetrics?: boolean;
}

const SNAPSHOT_VERSION = 1;

export class Pipeline {
  private readonly graph: BuiltGraph;
  readonly ctx: RuntimeContext;
  private recordsOut = 0;

  constructor(
    build: (ctx: RuntimeContext, onTableLoaded: () => void) => BuiltGraph,
    options: PipelineOptions = {},
  ) {
    this.ctx = createRuntimeContext(options.nowMs ?? (() => Date.now()));
    // Statements without FROM run while the graph is built and may load a table (a join side,
    // a subquery's table) before `graph` is assigned: gates opened then are released after.
    let built = false;
    this.graph = build(this.ctx, () => {
      if (built) this.releaseGates();
    });
    built = true;
    this.releaseGates();
    if (options.operatorMetrics) {
      this.readOperatorMetrics = instrumentOperators(this.graph.statementOperators);
    }
  }

  private readonly readOperatorMetrics: (() => OperatorMetrics[]) | null = null;

  /** Per-operator counters, or null unless created with `operatorMetrics: true`. */
  operatorMetrics(): OperatorMetrics[] | null {
    return this.readOperatorMetrics?.() ?? null;
  }

  /** Ids of the sources this pipeline reads, as accepted by `push`. */
  get sourceIds(): string[] {
    return [...this.graph.sources.keys()];
  }

  private source(sourceId: string): SourceNode {
    const s = this.graph.sources.get(sourceId);
    if (!s) {
      throw new Error(
        `unknown source "${sourceId}" (this pipeline reads: ${[...this.graph.sources.keys()].join(', ')})`,
      );
    }
    return s;
  }

  push(sourceId: string, records: EngineRecord[]): void {
    if (records.length === 0) return;
    this.source(sourceId).push(records);
  }

  endOfInput(sourceId: string): void {
    this.source(sourceId).end();
  }

  advanceWatermark(sourceId: string, ms: number): void {
    this.source(sourceId).advanceWatermark(ms);
  }

  /**
   * Declares that an unbounded source read as a table (join side, subquery) has caught up with
   * its current end: streams waiting for that table start now; the table stays current.
   */
  markTableLoaded(sourceId: string): void {
    this.source(sourceId);
    let changed = false;
    for (const [table, origins] of this.graph.tableOrigins) {
      if (!table.loaded && origins.has(sourceId)) {
        table.loaded = true;
        changed = true;
      }
    }
    if (changed) this.releaseGates();
  }

  /** True when every source has ended. */
  get finished(): boolean {
    for (const s of this.graph.sources.values()) if (!s.ended) return false;
    return true;
  }

  /**
   * True when no further output can come: every source ended, or every statement's LIMIT is
   * reached (so a driver can stop reading an unbounded source for `SELECT … LIMIT n`).
   */
  get done(): boolean {
    if (this.finished) return true;
    const limits = this.graph.limits;
    return limits.length > 0 && limits.every((l) => l?.exhausted);
  }

  takeOutput(): PipelineOutput[] {
    const result: PipelineOutput[] = [];
    for (const b of this.graph.outputs) {
      if (b.records.length === 0) continue;
      result.push({
        sink: b.sink,
        columns: b.columns.length > 0 ? b.columns : fieldNames(b.records),
        records: b.records,
      });
      this.recordsOut += b.records.length;
      b.records = [];
    }
    return result;
  }

  takeDeadLetters(): DeadLetter[] {
    const d = this.ctx.deadLetters;
    this.ctx.deadLetters = [];
    return d;
  }

  metrics(): PipelineMetrics {
    let state = 0;
    for (const op of this.graph.operators) state += op.stateEntries();
    for (const t of this.graph.tables) state += t.rows.size;
    let wm = Number.POSITIVE_INFINITY;
    let any = false;
    for (const s of this.graph.sources.values()) {
      if (s.watermark === Number.NEGATIVE_INFINITY) continue;
      any = true;
      if (s.watermark < wm) wm = s.watermark;
    }
    let recordsIn = 0;
    for (const s of this.graph.sources.values()) recordsIn += s.recordsIn;
    let pendingOut = 0;
    for (const b of this.graph.outputs) pendingOut += b.records.length;
    return {
      recordsIn,
      recordsOut: this.recordsOut + pendingOut,
      late: this.ctx.late,
      failed: this.ctx.failed,
      stateEntries: state,
      watermark: any && Number.isFinite(wm) ? wm : null,
    };
  }

  /** Watermark of each source in epoch ms (null before any event time; +∞ after its end). */
  sourceWatermarks(): Record<string, number | null> {
    const out: Record<string, number | null> = {};
    for (const [id, s] of this.graph.sources) {
      out[id] = s.watermark === Number.NEGATIVE_INFINITY ? null : s.watermark;
    }
    return out;
  }

  /** JSON-serializable state of every operator, source and table (not pending output). */
  snapshot(): unknown {
    const sources: Record<string, unknown> = {};
    for (const [id, s] of this.graph.sources) sources[id] = s.snapshot();
    return {
      version: SNAPSHOT_VERSION,
      sources,
      operators: this.graph.operators.map((op) => ({ kind: op.kind, state: op.onCheckpoint() })),
      tables: this.graph.tables.map((t) => t.snapshot()),
      counters: { late: this.ctx.late, failed: this.ctx.failed, out: this.recordsOut },
    };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as {
      version: number;
      sources: Record<string, unknown>;
      operators: { kind: string; state: unknown }[];
      tables: unknown[];
      counters: { late: number; failed: number; out: number };
    };
    if (!s || s.version !== SNAPSHOT_VERSION) throw new Error('unsupported snapshot version');
    if (s.operators.length !== this.graph.operators.length) {
      throw new Error('snapshot does not match this program (operator count differs)');
    }
    this.graph.operators.forEach((op, i) => {
      if (s.operators[i].kind !== op.kind) {
        throw new Error(`snapshot does not match this program (operator ${i} is ${op.kind})`);
      }
      op.restore(s.operators[i].state);
    });
    this.graph.tables.forEach((t, i) => {
      t.restore(s.tables[i]);
    });
    for (const [id, st] of Object.entries(s.sources)) this.graph.sources.get(id)?.restore(st);
    // Output produced while building (statements without FROM) is already accounted for.
    for (const b of this.graph.outputs) b.records = [];
    this.ctx.late = s.counters.late;
    this.ctx.failed = s.counters.failed;
    this.recordsOut = s.counters.out;
  }

  close(): void {
    for (const op of this.graph.operators) op.onClose();
  }

  private releaseGates(): void {
    for (const g of this.graph.gates) g.release();
  }
}

/** Column names of schema-less output (`SELECT *` over an unknown source): fields in first-seen order. */
function fieldNames(records: EngineRecord[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const k in r.fields) seen.add(k);
  return [...seen];
}
