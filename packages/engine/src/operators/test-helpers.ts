/** Helpers for operator unit tests: a collecting downstream and record builders. */
import type { Downstream } from '../exec/operator.ts';
import type { EngineRecord, Value } from '../types/value.ts';

export interface Collected extends Downstream {
  records: EngineRecord[];
  watermarks: number[];
  ended: boolean;
}

export function collector(): Collected {
  const c: Collected = {
    records: [],
    watermarks: [],
    ended: false,
    push(r) {
      c.records.push(...r);
    },
    watermark(ms) {
      c.watermarks.push(ms);
    },
    end() {
      c.ended = true;
    },
  };
  return c;
}

export function rec(fields: Record<string, Value>, eventTime = 0): EngineRecord {
  return { fields, eventTime };
}

/** Fields of collected records with bigints as numbers-in-strings for compact assertions. */
export function rows(records: EngineRecord[]): Record<string, unknown>[] {
  return records.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.fields)) {
      o[k] =
        typeof v === 'bigint'
          ? Number(v)
          : v !== null && typeof v === 'object' && 'unscaled' in v
            ? String(v)
            : v;
    }
    return o;
  });
}
