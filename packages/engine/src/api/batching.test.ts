import { describe, expect, it } from 'vitest';
import { formatJsonRow } from '../formats/json.ts';
import { Decimal } from '../types/decimal.ts';
import type { EngineRecord } from '../types/value.ts';
import { createPipeline } from './pipeline.ts';
import { compileOrThrow } from './test-support.ts';

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function input(seed: number, n: number): EngineRecord[] {
  const r = rng(seed);
  let t = 0;
  const out: EngineRecord[] = [];
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * 400);
    // Some records arrive out of order, some of them late.
    const ts = r() < 0.15 ? Math.max(0, t - Math.floor(r() * 3000)) : t;
    const v = r() < 0.1 ? null : new Decimal(BigInt(Math.floor(r() * 10000) - 2000), 2);
    out.push({ fields: { k: `k${Math.floor(r() * 3)}`, v, ts: BigInt(ts) }, eventTime: 0 });
  }
  return out;
}

const WITH =
  "WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis', 'watermark.delay' = '300ms')";
const QUERIES = [
  `SELECT k, COUNT(*) AS n, SUM(v) AS s, TUMBLE_START() AS w FROM t GROUP BY k WINDOW TUMBLING(1s) ${WITH}`,
  `SELECT k, MAX(v) AS hi, AVG(v) AS a FROM t GROUP BY k WINDOW SLIDING(2s, 500ms) ${WITH}`,
  `SELECT k, COUNT(*) AS n, SESSION_START() AS s FROM t GROUP BY k WINDOW SESSION(700ms) ${WITH}`,
  `SELECT k, COUNT(*) AS n FROM t GROUP BY k WINDOW TUMBLING(1s) EMIT CHANGES ${WITH}`,
  `CREATE STREAM pos AS SELECT k, v, ts FROM t WHERE v > 0 ${WITH};
   SELECT k, COUNT(*) AS n, SUM(v) AS s FROM pos GROUP BY k WINDOW TUMBLING(2s)`,
];

function runSplit(sql: string, rows: EngineRecord[], split: (i: number) => boolean): string[] {
  const program = compileOrThrow(sql, { t: rows });
  const p = createPipeline(program);
  const out: string[] = [];
  const sinks = new Map<string, string[]>();
  const dlq: string[] = [];
  const collect = () => {
    for (const o of p.takeOutput()) {
      if (!sinks.has(o.sink)) sinks.set(o.sink, []);
      for (const r of o.records) sinks.get(o.sink)!.push(formatJsonRow(r.fields));
    }
    for (const d of p.takeDeadLetters()) dlq.push(`dlq ${d.reason}`);
  };
  let batch: EngineRecord[] = [];
  rows.forEach((r, i) => {
    batch.push({ ...r, fields: { ...r.fields } });
    if (split(i)) {
      p.push('t', batch);
      batch = [];
      collect();
    }
  });
  p.push('t', batch);
  p.endOfInput('t');
  collect();
  for (const [sink, lines] of [...sinks].sort()) out.push(...lines.map((l) => `${sink} ${l}`));
  return [...out, ...dlq];
}

describe('output does not depend on how the input is batched', () => {
  for (const [qi, sql] of QUERIES.entries()) {
    it(`query ${qi + 1}`, () => {
      for (const seed of [1, 2, 3]) {
        const rows = input(seed, 300);
        const one = runSplit(sql, rows, () => true);
        const all = runSplit(sql, rows, () => false);
        const r = rng(seed * 7);
        const random = runSplit(sql, rows, () => r() < 0.2);
        expect(one.length).toBeGreaterThan(0);
        expect(all).toEqual(one);
        expect(random).toEqual(one);
        expect(one.some((l) => l.startsWith('dlq late record'))).toBe(true);
      }
    });
  }
});
