/**
 * Collects one job's per-second metric values in memory and hands out the minutes that
 * changed since the last drain, so the store is written in batches (one upsert per series
 * and minute every few seconds), never a row per metric per second.
 */
import { labelsKey, type MetricLabels } from './metric-names.ts';

/** A series' values for one minute: slot i is second i; null where nothing was reported. */
export interface MinuteRow {
  name: string;
  labels: MetricLabels;
  /** Start of the minute, epoch ms. */
  minute: number;
  /** 60 slots of exact decimal text (or null). */
  seconds: (string | null)[];
}

const MINUTE_MS = 60_000;

export class MetricMinuteBuffer {
  private readonly rows = new Map<string, MinuteRow>();
  private readonly dirty = new Set<string>();

  /**
   * Sets a series' value at the second holding `atMs`. Counters pass the amount in that
   * second; `add` accumulates several reports within one second.
   */
  record(
    name: string,
    labels: MetricLabels,
    atMs: number,
    value: number | string,
    add = false,
  ): void {
    const minute = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
    const slot = Math.floor((atMs - minute) / 1000);
    const key = `${name}\u0000${labelsKey(labels)}\u0000${minute}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { name, labels, minute, seconds: new Array<string | null>(60).fill(null) };
      this.rows.set(key, row);
    }
    const text = typeof value === 'number' ? numberText(value) : value;
    const previous = row.seconds[slot];
    row.seconds[slot] =
      add && previous !== null ? numberText(Number(previous) + Number(text)) : text;
    this.dirty.add(key);
  }

  /** The minutes changed since the last drain; forgets minutes older than `keepAfterMs`. */
  drain(keepAfterMs: number): MinuteRow[] {
    const out: MinuteRow[] = [];
    for (const key of this.dirty) {
      const row = this.rows.get(key);
      if (row) out.push({ ...row, seconds: [...row.seconds] });
    }
    this.dirty.clear();
    for (const [key, row] of this.rows) {
      if (row.minute + MINUTE_MS <= keepAfterMs) this.rows.delete(key);
    }
    return out;
  }
}

/** Plain decimal text of a finite number (no exponent), as PostgreSQL's numeric reads it. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`metric value ${value} is not finite`);
  if (Number.isInteger(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER) return String(value);
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}
