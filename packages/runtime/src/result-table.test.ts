import { compile, formatJsonRow, readJsonLines, type Value } from '@velo/engine';
import { expect, it } from 'vitest';
import { ArraySource } from './memory.ts';
import { peekSource } from './peek-source.ts';
import { ResultTable } from './result-table.ts';
import { runProgram } from './run.ts';

const input = readJsonLines(
  '{"k": "a", "v": 1}\n{"k": "b", "v": 2}\n{"k": "a", "v": 3}',
).records.map((v) => ({ fields: v as Record<string, Value>, eventTime: 0 }));

it('keeps the final row per group of a running aggregate, in first-seen order', async () => {
  const { sample, source } = await peekSource(new ArraySource('memory://t', input), 2);
  expect(sample.records.length).toBe(2);
  const c = compile('SELECT k, SUM(v) AS s FROM t GROUP BY k', { boundSources: ['t'] });
  const table = new ResultTable();
  const changes: string[] = [];
  await runProgram({
    program: c.program!,
    sources: { t: source },
    onOutput: (o) => {
      changes.push(...o.records.map((r) => formatJsonRow(r.fields)));
      expect(table.add(o.records)).toEqual([]);
    },
  });
  expect(changes).toEqual(['{"k":"a","s":1}', '{"k":"b","s":2}', '{"k":"a","s":4}']);
  expect(table.records().map((r) => formatJsonRow(r.fields))).toEqual([
    '{"k":"a","s":4}',
    '{"k":"b","s":2}',
  ]);
  const plain = new ResultTable();
  expect(plain.add(input)).toEqual(input);
  expect(plain.size).toBe(0);
});
