/** Nexmark events from the engine's seeded generator, split into bid / auction / person. */
import { createDatagen, type EngineRecord, type Value } from '../src/index.ts';

export type Kind = 'bid' | 'auction' | 'person';

export interface NexmarkData {
  bid: EngineRecord[];
  auction: EngineRecord[];
  person: EngineRecord[];
  total: number;
}

const FIELDS: Record<Kind, string[]> = {
  person: ['id', 'name', 'email_address', 'credit_card', 'city', 'state', 'date_time', 'extra'],
  auction: [
    'id',
    'item_name',
    'description',
    'initial_bid',
    'reserve',
    'date_time',
    'expires',
    'seller',
    'category',
    'extra',
  ],
  bid: ['auction', 'bidder', 'price', 'channel', 'url', 'date_time', 'extra'],
};
const KIND_COLUMNS = ['kind', 'event_type', 'type'];

function kindOf(fields: Record<string, Value>): Kind | null {
  for (const c of KIND_COLUMNS) {
    const v = fields[c];
    if (v === undefined || v === null) continue;
    const s = String(v).toLowerCase();
    if (s === '0' || s.startsWith('person')) return 'person';
    if (s === '1' || s.startsWith('auction')) return 'auction';
    if (s === '2' || s.startsWith('bid')) return 'bid';
  }
  return null;
}

/**
 * Generates `count` events (1:3:46 person:auction:bid) and keeps each kind's own columns, only
 * for the `kinds` a query reads (so a query's run does not carry the others on its heap).
 */
export function generateNexmark(
  count: number,
  seed = 42,
  kinds: readonly Kind[] = ['person', 'auction', 'bid'],
): NexmarkData {
  const keep = new Set<Kind>(kinds);
  const gen = createDatagen({ generator: 'nexmark', seed, limit: count });
  const data: NexmarkData = { bid: [], auction: [], person: [], total: 0 };
  while (!gen.done) {
    const batch = gen.nextBatch(65_536);
    if (batch.length === 0) break;
    for (const r of batch) {
      const kind = kindOf(r.fields);
      if (!kind)
        throw new Error(`nexmark record without a kind: ${Object.keys(r.fields).join(',')}`);
      data.total++;
      if (!keep.has(kind)) continue;
      const fields: Record<string, Value> = {};
      for (const f of FIELDS[kind]) {
        const v = r.fields[f] ?? (r.fields as Record<string, Record<string, Value>>)[kind]?.[f];
        if (v !== undefined) fields[f] = v;
      }
      data[kind].push({ fields, eventTime: r.eventTime });
    }
  }
  return data;
}

/** Epoch milliseconds of a date_time value (Timestamp, integer ms or ISO text). */
export function epochMs(v: Value): number {
  if (v !== null && typeof v === 'object' && 'ms' in v) return (v as { ms: number }).ms;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Date.parse(v);
  return 0;
}
