/**
 * Stream–stream joins give the same output however the two inputs are cut into batches, with
 * out-of-order and late records (INNER joins forward on-time records in whole batches, see
 * exec/source-node.ts; outer joins and self-joins cut at every watermark).
 */
import { describe, expect, it } from 'vitest';
import { formatJsonRow } from '../formats/json.ts';
import type { EngineRecord } from '../types/value.ts';
import { createPipeline } from './pipeline.ts';
import { compileOrThrow } from './test-support.ts';

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Push = { source: 'a' | 'b'; record: EngineRecord };

function schedule(seed: number, n: number): Push[] {
  const r = rng(seed);
  const t = { a: 0, b: 0 };
  const out: Push[] = [];
  for (let i = 0; i < n; i++) {
    const source = r() < 0.4 ? 'a' : 'b';
    t[source] += Math.floor(r() * 120);
    // Some records arrive out of order, some far behind the watermark.
    const ts = r() < 0.15 ? Math.max(0, t[source] - Math.floor(r() * 2500)) : t[source];
    const fields = { id: `${source}${i}`, k: BigInt(Math.floor(r() * 4)), ts: BigInt(ts) };
    out.push({ source, record: { fields, eventTime: 0 } });
  }
  return out;
}

function run(sql: string, pushes: Push[], cut: (i: number) => boolean): string[] {
  const inputs: Record<string, EngineRecord[]> = {};
  for (const x of pushes) {
    inputs[x.source] ??= [];
    inputs[x.source].push(x.record);
  }
  const p = createPipeline(compileOrThrow(sql, inputs));
  const out: string[] = [];
  const collect = () => {
    for (const o of p.takeOutput()) for (const r of o.records) out.push(formatJsonRow(r.fields));
    for (const d of p.takeDeadLetters()) out.push(`dlq ${d.reason}`);
  };
  let batch: EngineRecord[] = [];
  let source: 'a' | 'b' = 'a';
  const flush = () => {
    if (batch.length > 0) p.push(source, batch);
    batch = [];
    collect();
  };
  pushes.forEach((x, i) => {
    if (x.source !== source) flush();
    source = x.source;
    batch.push({ ...x.record, fields: { ...x.record.fields } });
    if (cut(i)) flush();
  });
  flush();
  for (const id of Object.keys(inputs)) p.endOfInput(id);
  collect();
  return out;
}

const WITH = (delay: string) =>
  `WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis', 'watermark.delay' = '${delay}')`;
const JOIN = (type: string, delay: string) =>
  `SELECT a.id AS l, b.id AS r FROM a ${type} JOIN b
   ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '200' MILLISECOND AND a.ts + INTERVAL '100' MILLISECOND
   ${WITH(delay)}`;

describe('interval join output does not depend on batch boundaries', () => {
  const cases = [
    ['INNER, no delay', JOIN('', '0ms')],
    ['INNER, 300ms delay', JOIN('', '300ms')],
    ['LEFT', JOIN('LEFT', '100ms')],
    ['FULL', JOIN('FULL', '0ms')],
    [
      'self-join',
      `SELECT x.id AS l, y.id AS r FROM a x JOIN a y
       ON x.k = y.k AND y.ts BETWEEN x.ts AND x.ts + INTERVAL '150' MILLISECOND ${WITH('0ms')}`,
    ],
  ];
  for (const [name, sql] of cases) {
    it(name, () => {
      for (const seed of [1, 2, 3]) {
        const all = schedule(seed, 1500);
        const pushes = name === 'self-join' ? all.filter((x) => x.source === 'a') : all;
        const one = run(sql, pushes, () => true);
        expect(one.length).toBeGreaterThan(100);
        expect(run(sql, pushes, () => false)).toEqual(one);
        const r = rng(seed + 100);
        expect(run(sql, pushes, () => r() < 0.1)).toEqual(one);
      }
    });
  }
});
