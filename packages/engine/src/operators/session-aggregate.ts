/**
 * Session window aggregation. A session for a key runs from its first event to its last event
 * + gap; an event more than `gap` after the last one starts a new session, and an out-of-order
 * event that bridges two sessions merges them. A session closes when the watermark reaches
 * its end.
 */
import { failRecord, type RuntimeContext } from '../exec/context.ts';
import { BaseOperator } from '../exec/operator.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { type GroupingSpec, type GroupState, groupHash } from './aggregate-state.ts';
import { type LatePolicy, reportLate } from './late.ts';
import { decodeTime, encodeTime } from './window-aggregate.ts';

export interface SessionAggregateOptions {
  grouping: GroupingSpec;
  gap: number;
  emit: 'final' | 'changes';
  sourceId: string;
  latePolicy: LatePolicy;
  ctx: RuntimeContext;
}

interface Session {
  start: number;
  last: number;
  group: GroupState;
}

export class SessionAggregateOperator extends BaseOperator {
  readonly kind = 'session-aggregate';
  /** Open sessions per group key, ordered by start. */
  private sessions = new Map<string, Session[]>();
  private watermark = Number.NEGATIVE_INFINITY;
  private minOpenEnd = Number.POSITIVE_INFINITY;
  private readonly keyScratch: Value[];

  constructor(private readonly opts: SessionAggregateOptions) {
    super();
    this.keyScratch = new Array(opts.grouping.keys.length).fill(null);
  }

  override describe(): string {
    const g = this.opts.grouping;
    return `session-aggregate SESSION(${this.opts.gap}ms) keys=${g.keys.length} aggregates=${g.aggregates.length} emit=${this.opts.emit}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    const { grouping, ctx, gap } = this.opts;
    const changes: EngineRecord[] = [];
    for (const rec of records) {
      const t = rec.eventTime;
      let hash: string;
      let single: GroupState;
      try {
        hash = grouping.keyOf(rec, this.keyScratch);
        single = grouping.newGroup(this.keyScratch, true);
        grouping.add(single, rec);
      } catch (e) {
        failRecord(ctx, this.opts.sourceId, rec, e);
        continue;
      }
      let list = this.sessions.get(hash);
      const overlapping: Session[] = [];
      if (list) {
        for (const s of list) if (t >= s.start - gap && t <= s.last + gap) overlapping.push(s);
      }
      if (overlapping.length === 0 && t + gap <= this.watermark) {
        reportLate(ctx, this.opts.sourceId, rec, this.watermark, this.opts.latePolicy);
        continue;
      }
      let session: Session;
      if (overlapping.length === 0) {
        session = { start: t, last: t, group: single };
        if (!list) {
          list = [];
          this.sessions.set(hash, list);
        }
        list.push(session);
        list.sort((a, b) => a.start - b.start);
      } else {
        session = overlapping[0];
        grouping.merge(session.group, single);
        session.start = Math.min(session.start, t);
        session.last = Math.max(session.last, t);
        for (let i = 1; i < overlapping.length; i++) {
          const o = overlapping[i];
          grouping.merge(session.group, o.group);
          session.start = Math.min(session.start, o.start);
          session.last = Math.max(session.last, o.last);
        }
        if (overlapping.length > 1) {
          const drop = new Set(overlapping.slice(1));
          this.sessions.set(
            hash,
            list!.filter((s) => !drop.has(s)),
          );
        }
      }
      const end = session.last + gap;
      if (end < this.minOpenEnd) this.minOpenEnd = end;
      if (this.opts.emit === 'changes') {
        changes.push(grouping.row(session.group, end - 1, session.start, end));
      }
    }
    if (changes.length > 0) this.out.push(changes);
  }

  protected override handleWatermark(ms: number): void {
    if (ms <= this.watermark) return;
    this.watermark = ms;
    if (ms >= this.minOpenEnd) this.closeSessions(ms);
    this.out.watermark(ms);
  }

  private closeSessions(ms: number): void {
    const gap = this.opts.gap;
    const closed: Session[] = [];
    let minOpen = Number.POSITIVE_INFINITY;
    for (const [hash, list] of this.sessions) {
      const open: Session[] = [];
      for (const s of list) {
        const end = s.last + gap;
        if (end <= ms) closed.push(s);
        else {
          open.push(s);
          if (end < minOpen) minOpen = end;
        }
      }
      if (open.length === 0) this.sessions.delete(hash);
      else if (open.length !== list.length) this.sessions.set(hash, open);
    }
    this.minOpenEnd = minOpen;
    if (this.opts.emit !== 'final' || closed.length === 0) return;
    // Stable: sessions ending together keep their key's first-seen order.
    closed.sort((a, b) => a.last + gap - (b.last + gap) || a.start - b.start);
    this.out.push(
      closed.map((s) => this.opts.grouping.row(s.group, s.last + gap - 1, s.start, s.last + gap)),
    );
  }

  override onCheckpoint(): unknown {
    const sessions: unknown[] = [];
    for (const list of this.sessions.values()) {
      for (const s of list) {
        sessions.push([s.start, s.last, this.opts.grouping.snapshotGroup(s.group)]);
      }
    }
    return { wm: encodeTime(this.watermark), sessions };
  }

  override restore(state: unknown): void {
    const s = state as { wm: number | string; sessions: [number, number, unknown][] };
    this.watermark = decodeTime(s.wm);
    this.sessions.clear();
    this.minOpenEnd = Number.POSITIVE_INFINITY;
    for (const [start, last, ge] of s.sessions) {
      const group = this.opts.grouping.restoreGroup(ge);
      const hash = groupHash(this.opts.grouping, group.keys);
      let list = this.sessions.get(hash);
      if (!list) {
        list = [];
        this.sessions.set(hash, list);
      }
      list.push({ start, last, group });
      this.minOpenEnd = Math.min(this.minOpenEnd, last + this.opts.gap);
    }
  }

  override stateEntries(): number {
    let n = 0;
    for (const l of this.sessions.values()) n += l.length;
    return n;
  }
}
