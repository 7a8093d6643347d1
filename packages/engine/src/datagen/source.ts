/**
 * Datagen sources (run in the browser too): `datagen://orders`, `trades`, `nexmark`,
 * `customers` (bounded: the 1000 customers that orders refer to) with
 * `rate` (events per second of event time), `seed`, `limit`, `start` (event time of the first
 * event: epoch ms, ISO text or `now`), and for nexmark `kind=bid` (or a comma list) to keep only
 * some event kinds. Every event is a pure function of (seed, event number).
 */
import { tryParseTimestampText } from '../types/timestamp-text.ts';
import type { EngineRecord } from '../types/value.ts';
import { CUSTOMER_COUNT, CustomersGenerator } from './customers.ts';
import { kindOfEvent, NexmarkGenerator, type NexmarkKind } from './nexmark.ts';
import { OrdersGenerator } from './orders.ts';
import { TradesGenerator } from './trades.ts';

export type DatagenGenerator = 'orders' | 'trades' | 'nexmark' | 'customers';

export interface DatagenSpec {
  generator: DatagenGenerator;
  rate?: number;
  seed?: number;
  limit?: number;
  /** Event time of event 0: epoch ms, or 'now' (the first nextBatch's nowMs / Date.now()). */
  start?: number | 'now';
  /** nexmark only: event kinds to emit (default all). */
  kinds?: NexmarkKind[];
}

export const DEFAULT_DATAGEN_START = 1_700_000_000_000;
const DEFAULT_RATES: Record<DatagenGenerator, number> = {
  orders: 100,
  trades: 1000,
  nexmark: 10_000,
  customers: 1000,
};
const GENERATORS: DatagenGenerator[] = ['orders', 'trades', 'nexmark', 'customers'];

function parseNumberParam(
  name: string,
  text: string,
  integer: boolean,
): number | { error: string } {
  const n = Number(text);
  const negativeOk = name === 'seed';
  if (
    text.trim() === '' ||
    !Number.isFinite(n) ||
    (n < 0 && !negativeOk) ||
    (integer && !Number.isInteger(n))
  ) {
    return { error: `invalid datagen parameter ${name}='${text}'` };
  }
  return n;
}

/** Parse `datagen://orders?rate=100&seed=1&limit=1000`. Unknown parameters are ignored. */
export function parseDatagenUri(uri: string): DatagenSpec | { error: string } {
  const m = /^datagen:\/\/([^/?#]*)\/?(?:\?([^#]*))?$/i.exec(uri.trim());
  if (!m)
    return {
      error: `invalid datagen URI '${uri}' (expected datagen://orders|trades|nexmark?rate=…)`,
    };
  const generator = m[1].toLowerCase();
  if (!GENERATORS.includes(generator as DatagenGenerator)) {
    return {
      error: `unknown datagen generator '${m[1]}' (expected orders, trades, nexmark or customers)`,
    };
  }
  const spec: DatagenSpec = { generator: generator as DatagenGenerator };
  // the customer table is bounded: one row per customer id used by datagen://orders
  if (generator === 'customers') spec.limit = CUSTOMER_COUNT;
  for (const [key, value] of new URLSearchParams(m[2] ?? '')) {
    if (key === 'rate') {
      const n = parseNumberParam(key, value, false);
      if (typeof n !== 'number') return n;
      if (n === 0) return { error: `invalid datagen parameter rate='${value}'` };
      spec.rate = n;
    } else if (key === 'seed' || key === 'limit') {
      const n = parseNumberParam(key, value, true);
      if (typeof n !== 'number') return n;
      spec[key] = n;
    } else if (key === 'start') {
      if (value === 'now') spec.start = 'now';
      else if (/^\d+$/.test(value)) spec.start = Number(value);
      else {
        const ms = tryParseTimestampText(value);
        if (ms === undefined) return { error: `invalid datagen parameter start='${value}'` };
        spec.start = ms;
      }
    } else if (key === 'kind' || key === 'kinds' || key === 'events') {
      if (spec.generator !== 'nexmark')
        return { error: `datagen parameter ${key} applies to nexmark only` };
      const kinds = value.split(',').map((k) => k.trim().toLowerCase());
      for (const k of kinds) {
        if (k !== 'person' && k !== 'auction' && k !== 'bid') {
          return { error: `unknown nexmark event kind '${k}' (expected person, auction or bid)` };
        }
      }
      spec.kinds = kinds as NexmarkKind[];
    }
  }
  return spec;
}

interface EventSource {
  event(n: number): EngineRecord;
  timeOf(n: number): number;
}

export class DatagenSource {
  readonly spec: DatagenSpec;
  readonly rate: number;
  /** Next event number to consider (events skipped by `kinds` count too). */
  private next = 0;
  /** Records emitted so far (what `limit` counts). */
  private emitted = 0;
  private wallStart: number | undefined;
  private gen: EventSource | undefined;
  private readonly kindFilter: Set<NexmarkKind> | undefined;

  constructor(spec: DatagenSpec) {
    this.spec = spec;
    this.rate = spec.rate ?? DEFAULT_RATES[spec.generator];
    this.kindFilter = spec.kinds && spec.kinds.length < 3 ? new Set(spec.kinds) : undefined;
    if (spec.start !== 'now') this.gen = this.build(spec.start ?? DEFAULT_DATAGEN_START);
  }

  private build(baseTime: number): EventSource {
    const seed = this.spec.seed ?? 0;
    switch (this.spec.generator) {
      case 'orders':
        return new OrdersGenerator(seed, this.rate, baseTime);
      case 'trades':
        return new TradesGenerator(seed, this.rate, baseTime);
      case 'nexmark':
        return new NexmarkGenerator({ seed, rate: this.rate, baseTime });
      case 'customers':
        return new CustomersGenerator(seed, this.rate, baseTime);
    }
  }

  get done(): boolean {
    return this.spec.limit !== undefined && this.emitted >= this.spec.limit;
  }

  /** Number of records emitted; with `eventNumber` enough to resume after a restart. */
  get position(): { emitted: number; eventNumber: number } {
    return { emitted: this.emitted, eventNumber: this.next };
  }

  /** Resume from a position taken earlier (checkpoint restore). */
  seek(position: { emitted: number; eventNumber: number }): void {
    this.emitted = position.emitted;
    this.next = position.eventNumber;
  }

  /**
   * Up to `max` next records. With `nowMs`, paces output in wall-clock time at `rate` events
   * per second from the first call; without it, generates as fast as asked.
   */
  nextBatch(max: number, nowMs?: number): EngineRecord[] {
    if (this.gen === undefined) this.gen = this.build(Math.floor(nowMs ?? Date.now()));
    let budget = max;
    if (this.spec.limit !== undefined) budget = Math.min(budget, this.spec.limit - this.emitted);
    let stopAt = Number.POSITIVE_INFINITY;
    if (nowMs !== undefined) {
      // After a seek (checkpoint restore) pacing continues where it was, not from event 0.
      this.wallStart ??= nowMs - Math.floor((this.next * 1000) / this.rate);
      stopAt = Math.floor(((nowMs - this.wallStart) * this.rate) / 1000) + 1;
    }
    const out: EngineRecord[] = [];
    const gen = this.gen;
    const filter = this.kindFilter;
    while (out.length < budget && this.next < stopAt) {
      const n = this.next++;
      if (filter !== undefined && !filter.has(kindOfEvent(n))) continue;
      out.push(gen.event(n));
    }
    this.emitted += out.length;
    return out;
  }
}

export function createDatagen(spec: DatagenSpec): DatagenSource {
  return new DatagenSource(spec);
}

/**
 * Benchmark fast path: `count` records starting at event number `from` (no pacing, no limit).
 * For nexmark with `kinds`, event numbers of other kinds are skipped and not counted.
 */
export function generateDatagenBatch(spec: DatagenSpec, count: number, from = 0): EngineRecord[] {
  const source = new DatagenSource({
    ...spec,
    limit: undefined,
    start: spec.start === 'now' ? undefined : spec.start,
  });
  source.seek({ emitted: 0, eventNumber: from });
  return source.nextBatch(count);
}
