/**
 * Mutated conformance queries: whatever compiles must also run (push, end, snapshot) without an
 * internal error — failures are diagnostics or dead letters, never exceptions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../types/schema.ts';
import type { EngineRecord } from '../types/value.ts';
import { compile } from './compile.ts';
import { createPipeline } from './pipeline.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../test/conformance/cases');
const WORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP BY',
  'k',
  'v',
  'ts',
  '*',
  ',',
  '(',
  ')',
  'COUNT(*)',
  'SUM(v)',
  'JOIN',
  'ON',
  'AND',
  'OR',
  '=',
  '1',
  '1.5',
  "'x'",
  'NULL',
  'OVER (PARTITION BY k ORDER BY ts)',
  'LAG(v)',
  'WINDOW TUMBLING(1s)',
  'EMIT CHANGES',
  'EMIT FINAL',
  'LIMIT 2',
  'HAVING COUNT(*) > 1',
  'EXISTS (SELECT 1 FROM input)',
  'IN (SELECT k FROM input)',
  'TUMBLE_START()',
  'DISTINCT',
  'CASE WHEN v > 1 THEN 1 END',
  "INTERVAL '1' SECOND",
];
const NAMES = [
  'input',
  'a',
  'b',
  'orders',
  'customers',
  't',
  'nations',
  'shipments',
  'vip',
  'limits',
];
const schema: Schema = {
  columns: [
    { name: 'k', type: 'STRING' },
    { name: 'v', type: 'INTEGER' },
    { name: 'ts', type: 'INTEGER' },
    { name: 'id', type: 'INTEGER' },
  ],
};
const record = (i: number): EngineRecord => ({
  fields: { k: i % 2 ? 'a' : null, v: BigInt(i), ts: BigInt(i * 100), id: BigInt(i) },
  eventTime: 0,
});

describe('fuzzed queries never crash the runtime', () => {
  it('compiles and runs 1500 mutated queries', () => {
    const sqls: string[] = [];
    for (const d of readdirSync(root)) {
      for (const f of readdirSync(join(root, d))) {
        if (f.endsWith('.sql')) sqls.push(readFileSync(join(root, d, f), 'utf8'));
      }
    }
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    const crashes: string[] = [];
    let ran = 0;
    for (let n = 0; n < 1500; n++) {
      const parts = pick(sqls).split(/(\s+)/);
      if (rnd() < 0.5) {
        const i = Math.floor(rnd() * parts.length);
        const r = rnd();
        if (r < 0.4) parts[i] = pick(WORDS);
        else if (r < 0.7) parts.splice(i, 1);
        else parts.splice(i, 0, ' ', pick(WORDS), ' ');
      }
      const sql = parts.join('');
      try {
        const c = compile(sql, {
          schemas: Object.fromEntries(NAMES.map((s) => [s, schema])),
          boundSources: NAMES,
        });
        if (!c.ok) continue;
        ran++;
        const p = createPipeline(c.program!, { nowMs: () => 0 });
        for (const s of c.program!.sources) p.push(s.id, [record(1), record(2), record(3)]);
        for (const s of c.program!.sources) p.endOfInput(s.id);
        p.takeOutput();
        p.takeDeadLetters();
        JSON.stringify(p.snapshot());
      } catch (e) {
        crashes.push(`${sql}\n  ${(e as Error).message}`);
      }
    }
    expect(crashes).toEqual([]);
    expect(ran).toBeGreaterThan(200);
  });
});
