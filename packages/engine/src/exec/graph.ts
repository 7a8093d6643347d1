/**
 * Plumbing between operators: fan-out edges, the statement gate that holds a stream back until
 * the tables it reads are loaded, and the terminal nodes (output buffers, table stores).
 */
import type { EngineRecord } from '../types/value.ts';
import { BaseOperator, type Downstream, type Operator } from './operator.ts';
import type { TableStore } from './table-store.ts';
import { decodeRecord, encodeRecord } from './value-codec.ts';

export interface Target {
  op: Operator;
  port: number;
}

/** Forwards everything to several operator inputs and terminal consumers. */
export class Fanout implements Downstream {
  readonly targets: Target[] = [];
  readonly terminals: Downstream[] = [];
  private readonly single: EngineRecord[] = [];
  push(records: EngineRecord[]): void {
    if (records.length > 1 && this.feedsOneOperatorTwice()) {
      // A self-join sees each record on both ports before the next record, as when records
      // come one at a time: its output must not depend on batch boundaries.
      const one = this.single;
      for (const r of records) {
        one[0] = r;
        for (const t of this.targets) t.op.processBatch(one, t.port);
      }
      one.length = 0;
    } else {
      for (const t of this.targets) t.op.processBatch(records, t.port);
    }
    for (const t of this.terminals) t.push(records);
  }
  private feedsOneOperatorTwice(): boolean {
    const ts = this.targets;
    for (let i = 1; i < ts.length; i++) {
      for (let j = 0; j < i; j++) if (ts[i].op === ts[j].op) return true;
    }
    return false;
  }
  watermark(ms: number): void {
    for (const t of this.targets) t.op.onWatermark(ms, t.port);
    for (const t of this.terminals) t.watermark(ms);
  }
  end(): void {
    for (const t of this.targets) t.op.onEnd(t.port);
    for (const t of this.terminals) t.end();
  }
}

export interface OutputBuffer {
  sink: string;
  columns: string[];
  records: EngineRecord[];
  count: number;
}

/** Collects a statement's result rows for `takeOutput`. */
export class OutputTerminal implements Downstream {
  constructor(readonly buffer: OutputBuffer) {}
  push(records: EngineRecord[]): void {
    const out = this.buffer.records;
    for (let i = 0; i < records.length; i++) out.push(records[i]);
    this.buffer.count += records.length;
  }
  watermark(): void {}
  end(): void {}
}

/** Feeds a materialized table; the table is loaded when its input ends. */
export class TableTerminal implements Downstream {
  constructor(
    readonly store: TableStore,
    private readonly onLoaded: () => void,
  ) {}
  push(records: EngineRecord[]): void {
    this.store.apply(records);
  }
  watermark(ms: number): void {
    if (ms === Number.POSITIVE_INFINITY) this.end();
  }
  end(): void {
    if (this.store.loaded) return;
    this.store.loaded = true;
    this.onLoaded();
  }
}

type Pending =
  | { kind: 'records'; port: number; records: EngineRecord[] }
  | { kind: 'watermark'; port: number; ms: number }
  | { kind: 'end'; port: number };

/**
 * Holds a statement's input until every table it joins or queries has been loaded to its end,
 * so the first stream records already see the whole table.
 */
export class TableGate extends BaseOperator {
  readonly kind = 'await-tables';
  private pending: Pending[] = [];
  constructor(
    private readonly tables: TableStore[],
    ports: number,
  ) {
    super();
    this.inputs = ports;
  }

  override describe(): string {
    return `await-tables ${this.tables.map((t) => t.name).join(', ')}`;
  }

  private get open(): boolean {
    return this.tables.every((t) => t.loaded);
  }

  processBatch(records: EngineRecord[], port: number): void {
    if (this.open && this.pending.length === 0) this.forward(records, port);
    else this.pending.push({ kind: 'records', port, records: records.slice() });
  }
  override onWatermark(ms: number, port: number): void {
    if (this.open && this.pending.length === 0) this.forwardWatermark(ms, port);
    else this.pending.push({ kind: 'watermark', port, ms });
  }
  override onEnd(port: number): void {
    if (this.open && this.pending.length === 0) this.forwardEnd(port);
    else this.pending.push({ kind: 'end', port });
  }

  /** Called when a table finished loading. */
  release(): void {
    if (!this.open) return;
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) {
      if (p.kind === 'records') this.forward(p.records, p.port);
      else if (p.kind === 'watermark') this.forwardWatermark(p.ms, p.port);
      else this.forwardEnd(p.port);
    }
  }

  /** Downstream per port (a gate in front of a two-input join has two). */
  readonly outs: Downstream[] = [];
  private forward(records: EngineRecord[], port: number): void {
    this.outFor(port).push(records);
  }
  private forwardWatermark(ms: number, port: number): void {
    this.outFor(port).watermark(ms);
  }
  private forwardEnd(port: number): void {
    this.outFor(port).end();
  }
  private outFor(port: number): Downstream {
    return this.outs[port] ?? this.out;
  }

  override onCheckpoint(): unknown {
    return this.pending.map((p) =>
      p.kind === 'records'
        ? { k: 'r', p: p.port, r: p.records.map(encodeRecord) }
        : p.kind === 'watermark'
          ? { k: 'w', p: p.port, ms: Number.isFinite(p.ms) ? p.ms : String(p.ms) }
          : { k: 'e', p: p.port },
    );
  }
  override restore(state: unknown): void {
    this.pending = (state as { k: string; p: number; r?: unknown[]; ms?: number | string }[]).map(
      (s): Pending =>
        s.k === 'r'
          ? { kind: 'records', port: s.p, records: s.r!.map(decodeRecord) }
          : s.k === 'w'
            ? { kind: 'watermark', port: s.p, ms: Number(s.ms) }
            : { kind: 'end', port: s.p },
    );
  }
  override stateEntries(): number {
    let n = 0;
    for (const p of this.pending) if (p.kind === 'records') n += p.records.length;
    return n;
  }
}
