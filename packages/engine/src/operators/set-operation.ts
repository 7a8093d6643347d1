/**
 * UNION [ALL], INTERSECT [ALL] and EXCEPT [ALL] of two inputs (port 0 left, port 1 right),
 * matched by position: a right row takes the left query's column names. UNION ALL merges
 * streams as they come (the watermark is the minimum of both inputs, BaseOperator's rule);
 * UNION passes the first occurrence of each row; INTERSECT and EXCEPT need both inputs
 * complete and emit at end of input (in no defined order). Rows compare as in GROUP BY:
 * NULLs are equal, numbers by value.
 */
import { BaseOperator } from '../exec/operator.ts';
import type { InternalRecord } from '../exec/record.ts';
import { decodeRecord, encodeRecord } from '../exec/value-codec.ts';
import { hashKey } from '../types/compare.ts';
import type { EngineRecord, Value } from '../types/value.ts';

export interface SetOperationOptions {
  op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  all: boolean;
  /** Left column names (the output's); null when unknown (schema-less left input). */
  leftColumns: string[] | null;
  /** Right column names in order; null = the right record's own field order. */
  rightColumns: string[] | null;
}

interface Counted {
  record: EngineRecord;
  left: number;
  right: number;
}

export class SetOperationOperator extends BaseOperator {
  readonly kind = 'set-operation';
  /** UNION: rows seen; INTERSECT/EXCEPT: every distinct row with its counts per side. */
  private seen = new Set<string>();
  private rows = new Map<string, Counted>();

  constructor(private readonly opts: SetOperationOptions) {
    super();
    this.inputs = 2;
  }

  override describe(): string {
    return `set-operation ${this.opts.op}${this.opts.all ? ' ALL' : ''}`;
  }

  processBatch(records: EngineRecord[], port: number): void {
    const { op, all } = this.opts;
    // Rows of a set operation are plain rows: an operand's group keys (upserts) do not carry over.
    const rows =
      port === 1
        ? records.map((r) => this.renamed(r))
        : records.some(isUpsert)
          ? records.map(plain)
          : records;
    if (op === 'UNION') {
      if (all) {
        if (rows.length > 0) this.out.push(rows);
        return;
      }
      const out: EngineRecord[] = [];
      for (const r of rows) {
        const h = rowKey(r);
        if (this.seen.has(h)) continue;
        this.seen.add(h);
        out.push(r);
      }
      if (out.length > 0) this.out.push(out);
      return;
    }
    for (const r of rows) {
      const h = rowKey(r);
      let c = this.rows.get(h);
      if (!c) {
        c = { record: r, left: 0, right: 0 };
        this.rows.set(h, c);
      }
      if (port === 0) {
        if (c.left === 0) c.record = r;
        c.left++;
      } else c.right++;
    }
  }

  /** Right rows take the left names, by position. */
  private renamed(r: EngineRecord): EngineRecord {
    const names = this.opts.leftColumns;
    if (names === null) return plain(r);
    const source = this.opts.rightColumns ?? Object.keys(r.fields);
    const fields: Record<string, Value> = {};
    names.forEach((n, i) => {
      const from = source[i];
      fields[n] = from === undefined ? null : (r.fields[from] ?? null);
    });
    return plain({ ...r, fields });
  }

  protected override handleWatermark(ms: number): void {
    // INTERSECT and EXCEPT emit at end: the final watermark follows their rows.
    if (this.opts.op !== 'UNION' && ms === Number.POSITIVE_INFINITY) return;
    this.out.watermark(ms);
  }

  protected override handleEnd(): void {
    if (this.opts.op !== 'UNION') {
      const { op, all } = this.opts;
      const out: EngineRecord[] = [];
      for (const c of this.rows.values()) {
        if (c.left === 0) continue;
        const n =
          op === 'INTERSECT'
            ? all
              ? Math.min(c.left, c.right)
              : c.right > 0
                ? 1
                : 0
            : all
              ? Math.max(c.left - c.right, 0)
              : c.right === 0
                ? 1
                : 0;
        for (let i = 0; i < n; i++) out.push(c.record);
      }
      if (out.length > 0) this.out.push(out);
      this.out.watermark(Number.POSITIVE_INFINITY);
    }
    this.out.end();
  }

  override onCheckpoint(): unknown {
    return {
      seen: [...this.seen],
      rows: [...this.rows].map(([h, c]) => [h, encodeRecord(c.record), c.left, c.right]),
    };
  }
  override restore(state: unknown): void {
    const s = state as { seen: string[]; rows: [string, unknown, number, number][] };
    this.seen = new Set(s.seen);
    this.rows = new Map(
      s.rows.map(([h, r, left, right]) => [h, { record: decodeRecord(r), left, right }]),
    );
  }
  override stateEntries(): number {
    return this.seen.size + this.rows.size;
  }
}

const isUpsert = (r: EngineRecord) => (r as InternalRecord).upsertKey !== undefined;

function plain(r: EngineRecord): EngineRecord {
  if (!isUpsert(r)) return r;
  const { upsertKey: _, ...rest } = r as InternalRecord;
  return rest;
}

function rowKey(r: EngineRecord): string {
  const values: Value[] = [];
  for (const k in r.fields) values.push(r.fields[k]);
  return hashKey(values);
}
