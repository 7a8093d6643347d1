/**
 * Stream–table join (INNER / LEFT): each stream record is joined with the current rows of a
 * materialized table whose key matches. NULL keys never match.
 */
import { failRecord, type RuntimeContext } from '../exec/context.ts';
import { BaseOperator } from '../exec/operator.ts';
import type { InternalRecord } from '../exec/record.ts';
import type { TableIndex, TableStore } from '../exec/table-store.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import type { Evaluator } from './aggregate-state.ts';

export interface LookupJoinOptions {
  table: TableStore;
  joinType: 'inner' | 'left';
  /** RIGHT/FULL JOIN over bounded inputs: table rows no stream row matched, at end of input. */
  keepUnmatchedTable?: boolean;
  streamKeys: Evaluator[];
  tableKeys: Evaluator[];
  /** Rest of the ON condition, evaluated on the joined record; null when fully equi. */
  residual: Evaluator | null;
  /** False for `FROM table JOIN stream` (the table is relation 0). */
  streamFirst: boolean;
  /** Relation index of the table in the joined record's parts. */
  tableRelation: number;
  sourceId: string;
  ctx: RuntimeContext;
}

export class LookupJoinOperator extends BaseOperator {
  readonly kind = 'lookup-join';
  private readonly index: TableIndex;
  private readonly key: Value[];
  /** Table rows that matched (only kept for keepUnmatchedTable); ids after a restore. */
  private matched = new Set<EngineRecord>();
  private matchedIds = new Set<string>();

  constructor(private readonly opts: LookupJoinOptions) {
    super();
    const tk = opts.tableKeys;
    this.index = opts.table.createIndex((r) => {
      const k = tk.map((f) => f(r));
      return k.some((v) => v === null) ? null : k;
    });
    this.key = new Array(opts.streamKeys.length).fill(null);
  }

  override describe(): string {
    return `lookup-join ${this.opts.joinType.toUpperCase()} table=${this.opts.table.name} keys=${this.opts.streamKeys.length}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    const { streamKeys, residual, joinType, ctx } = this.opts;
    const out: EngineRecord[] = [];
    for (const rec of records) {
      try {
        let nullKey = false;
        for (let i = 0; i < streamKeys.length; i++) {
          const v = streamKeys[i](rec);
          if (v === null) nullKey = true;
          this.key[i] = v;
        }
        let matched = false;
        const bucket = nullKey ? undefined : this.index.lookup(this.key);
        if (bucket) {
          for (const t of bucket) {
            const joined = this.join(rec, t);
            if (residual !== null && residual(joined) !== true) continue;
            out.push(joined);
            matched = true;
            if (this.opts.keepUnmatchedTable) this.matched.add(t);
          }
        }
        if (!matched && joinType === 'left') out.push(this.join(rec, null));
      } catch (e) {
        failRecord(ctx, this.opts.sourceId, rec, e);
      }
    }
    if (out.length > 0) this.out.push(out);
  }

  protected override handleWatermark(ms: number): void {
    // Unmatched table rows come at end of input, before the final watermark.
    if (this.opts.keepUnmatchedTable && ms === Number.POSITIVE_INFINITY) return;
    this.out.watermark(ms);
  }

  protected override handleEnd(): void {
    if (this.opts.keepUnmatchedTable) {
      const out: EngineRecord[] = [];
      for (const [id, t] of this.opts.table.rows) {
        if (this.matched.has(t) || this.matchedIds.has(id)) continue;
        out.push(this.unmatchedTableRow(t));
      }
      if (out.length > 0) this.out.push(out);
      this.out.watermark(Number.POSITIVE_INFINITY);
    }
    this.out.end();
  }

  /** A table row with NULLs for every stream relation. */
  private unmatchedTableRow(table: EngineRecord): InternalRecord {
    const rel = this.opts.tableRelation;
    const parts: (EngineRecord | null)[] = this.opts.streamFirst ? [] : [table, null];
    if (this.opts.streamFirst) {
      while (parts.length < rel) parts.push(null);
      parts[rel] = table;
    }
    return { fields: {}, eventTime: table.eventTime, parts };
  }

  override onCheckpoint(): unknown {
    if (!this.opts.keepUnmatchedTable) return null;
    const ids = [...this.matchedIds];
    for (const [id, t] of this.opts.table.rows) if (this.matched.has(t)) ids.push(id);
    return ids;
  }

  override restore(state: unknown): void {
    this.matched.clear();
    this.matchedIds = new Set((state as string[] | null) ?? []);
  }

  private join(stream: EngineRecord, table: EngineRecord | null): InternalRecord {
    let parts: (EngineRecord | null)[];
    if (this.opts.streamFirst) {
      const prior = (stream as InternalRecord).parts;
      parts = prior ? prior.slice() : [stream];
      while (parts.length < this.opts.tableRelation) parts.push(null);
      parts[this.opts.tableRelation] = table;
    } else parts = [table, stream];
    return {
      fields: stream.fields,
      eventTime: stream.eventTime,
      timestamp: stream.timestamp,
      offset: stream.offset,
      partition: stream.partition,
      key: stream.key,
      headers: stream.headers,
      parts,
    };
  }
}
