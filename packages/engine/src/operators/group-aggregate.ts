/**
 * Running (non-windowed) aggregation, with or without GROUP BY. EMIT CHANGES (the default)
 * emits the group's updated row for every input record; EMIT FINAL emits every group once when
 * the bounded input ends (a global aggregate over no rows still yields its one row).
 */
import { failRecord, type RuntimeContext } from '../exec/context.ts';
import { BaseOperator } from '../exec/operator.ts';
import type { InternalRecord } from '../exec/record.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { type GroupingSpec, type GroupState, groupHash } from './aggregate-state.ts';

export interface GroupAggregateOptions {
  grouping: GroupingSpec;
  emit: 'final' | 'changes';
  sourceId: string;
  ctx: RuntimeContext;
}

export class GroupAggregateOperator extends BaseOperator {
  readonly kind = 'group-aggregate';
  private groups = new Map<string, GroupState>();
  private readonly keyScratch: Value[];
  private readonly argScratch: Value[];
  private lastEventTime = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: GroupAggregateOptions) {
    super();
    this.keyScratch = new Array(opts.grouping.keys.length).fill(null);
    this.argScratch = new Array(opts.grouping.aggregates.length).fill(null);
  }

  override describe(): string {
    const g = this.opts.grouping;
    return `group-aggregate keys=${g.keys.length} aggregates=${g.aggregates.length} emit=${this.opts.emit}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    const { grouping, ctx } = this.opts;
    const changes: EngineRecord[] | null = this.opts.emit === 'changes' ? [] : null;
    for (const rec of records) {
      let hash: string;
      let g: GroupState | undefined;
      try {
        hash = grouping.keyOf(rec, this.keyScratch);
        g = this.groups.get(hash);
        if (g === undefined) {
          const fresh = grouping.newGroup(this.keyScratch);
          grouping.addAtomic(fresh, rec, this.argScratch);
          this.groups.set(hash, fresh);
          g = fresh;
        } else grouping.addAtomic(g, rec, this.argScratch);
      } catch (e) {
        failRecord(ctx, this.opts.sourceId, rec, e);
        continue;
      }
      if (rec.eventTime > this.lastEventTime) this.lastEventTime = rec.eventTime;
      if (changes) {
        const row: InternalRecord = grouping.row(g, rec.eventTime);
        row.upsertKey = hash;
        changes.push(row);
      }
    }
    if (changes && changes.length > 0) this.out.push(changes);
  }

  // EMIT FINAL rows come out at end of input: the final watermark follows them, so a table
  // or window reading this statement does not close before its rows arrive.
  protected override handleWatermark(ms: number): void {
    if (this.opts.emit === 'final' && ms === Number.POSITIVE_INFINITY) return;
    this.out.watermark(ms);
  }

  protected override handleEnd(): void {
    if (this.opts.emit === 'final') {
      const { grouping } = this.opts;
      if (this.groups.size === 0 && grouping.keys.length === 0) {
        this.groups.set('', grouping.newGroup([]));
      }
      const t = Number.isFinite(this.lastEventTime) ? this.lastEventTime : 0;
      const rows: EngineRecord[] = [];
      for (const [hash, g] of this.groups) {
        const row: InternalRecord = grouping.row(g, t);
        row.upsertKey = hash;
        rows.push(row);
      }
      if (rows.length > 0) this.out.push(rows);
      this.out.watermark(Number.POSITIVE_INFINITY);
    }
    this.out.end();
  }

  override onCheckpoint(): unknown {
    return {
      last: Number.isFinite(this.lastEventTime) ? this.lastEventTime : null,
      groups: [...this.groups.values()].map((g) => this.opts.grouping.snapshotGroup(g)),
    };
  }

  override restore(state: unknown): void {
    const s = state as { last: number | null; groups: unknown[] };
    this.lastEventTime = s.last ?? Number.NEGATIVE_INFINITY;
    this.groups.clear();
    for (const e of s.groups) {
      const g = this.opts.grouping.restoreGroup(e);
      this.groups.set(groupHash(this.opts.grouping, g.keys), g);
    }
  }

  override stateEntries(): number {
    return this.groups.size;
  }
}
